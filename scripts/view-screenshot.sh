#!/usr/bin/env bash
# Makes the README's screenshot of the live view: runs `heed demo --view --loop` on the sample clip, lets the view fill
# for 30 s, waits until it shows someone away with an alert open (the person has looked away for 3 s), pauses there and
# saves the whole page with Debian's chromium, driven by playwright-core (cli/browser). About a minute once built.
# Needs node, npm and chromium (apt-get install nodejs npm chromium).
# Usage: scripts/view-screenshot.sh [OUT.png]   (default: docs/live-view.png)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/docs/live-view.png}")"
for tool in node npm chromium; do
  command -v "$tool" >/dev/null 2>&1 || { echo "view-screenshot: $tool is not installed (apt-get install nodejs npm chromium)" >&2; exit 1; }
done
[ -f "$ROOT/cli/browser/node_modules/.package-lock.json" ] || npm ci --prefix "$ROOT/cli/browser" --no-audit --no-fund --loglevel=error

log="$(mktemp)"
"$ROOT/heed" demo --view --loop --for 300 >/dev/null 2>"$log" &
demo=$!
trap 'kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; rm -f "$log"' EXIT
echo "view-screenshot: starting heed demo --view (the first run builds the project)..." >&2
url=""
for _ in $(seq 1 600); do
  url="$(sed -n 's/^view: \(http:[^ ]*\)$/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$demo" 2>/dev/null || { echo "view-screenshot: the demo exited:" >&2; tail -n 20 "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "view-screenshot: no view address from the demo within 5 minutes" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
node "$ROOT/cli/browser/screenshot-view.mjs" "$url" "$OUT"
