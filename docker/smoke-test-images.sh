#!/usr/bin/env bash
# Checks the Jib images' contents where no Docker engine or registry is available: builds the three image tarballs
# on an empty base (scratch: no base image to pull), checks each image's configuration (non-root user, port,
# extra layers), then runs the aggregator's entrypoint from the unpacked layers with this machine's JRE, paths
# moved under a temporary folder, against an unreachable Kafka: /healthz must answer 200 and /readyz 503.
# What it cannot check: the real base images (eclipse-temurin, CUDA) and running inside a container runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ingest,inference,aggregator -am package jib:buildTar -DskipTests -Djib.from.image=scratch

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

declare -A ports=([ingest]=9401 [inference]=9402 [aggregator]=9403)
declare -A model=([ingest]=yunet-s-dynamic.onnx [inference]=hopenet-lite-shufflenetv2.onnx)
for s in ingest inference aggregator; do
  root="$work/$s"; mkdir -p "$root"
  tar -xf "$s/target/jib-image.tar" -C "$root"
  for layer in "$root"/*.tar.gz; do tar -xzf "$layer" -C "$root" 2>/dev/null; done
  python3 - "$root" "$s" "${ports[$s]}" "${model[$s]:-}" <<'PY'
import json, os, sys
root, service, port, model = sys.argv[1:]
config = json.load(open(os.path.join(root, "config.json")))["config"]
assert config["User"] == "10001:10001", config["User"]
assert f"{port}/tcp" in config["ExposedPorts"], config["ExposedPorts"]
for f in ["opt/heed/jmx/jmx_prometheus_javaagent.jar", "opt/heed/jmx/kafka-clients.yaml", "opt/heed/conf/simplelogger.properties",
          "opt/heed/lib/slf4j-simple-2.0.17.jar"] + ([f"opt/heed/models/{model}"] if model else []):
    assert os.path.isfile(os.path.join(root, f)), f
print(f"{service}: user {config['User']}, port {port}, entrypoint {' '.join(config['Entrypoint'][-1:])}: ok")
PY
done

root="$work/aggregator"
mapfile -t entry < <(python3 -c "import json,sys; [print(a) for a in json.load(open('$root/config.json'))['config']['Entrypoint']]")
sed -i "s#/app#$root/app#g; s#/opt/heed#$root/opt/heed#g" "$root/app/jib-classpath-file"
cmd=()
for a in "${entry[@]}"; do a="${a//\/app/$root/app}"; a="${a//\/opt\/heed/$root/opt/heed}"; a="${a//127.0.0.1:9404/127.0.0.1:0}"; cmd+=("$a"); done
port=19403
"${cmd[@]}" --bootstrap-servers 127.0.0.1:1 --http-port "$port" > "$work/aggregator.log" 2>&1 &
pid=$!
for _ in $(seq 60); do grep -q "aggregator started" "$work/aggregator.log" && break; sleep 0.5; done
health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
echo "aggregator from the image's layers: /healthz $health, /readyz $ready (Kafka unreachable)"
[ "$health" = 200 ] && [ "$ready" = 503 ] && grep -q "INFO ServiceRunner - aggregator started" "$work/aggregator.log" \
  || { cat "$work/aggregator.log"; exit 1; }
echo "images: ok"
