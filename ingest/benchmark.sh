#!/usr/bin/env bash
# The ingest benchmark: frames per second per core of decode + detect + track + crop + publish on a 720p clip
# of six real people (written once to ingest/target/bench), with the share of time in each stage.
# Usage, from anywhere: ingest/benchmark.sh [--detector yunet|scrfd] [--detector-input-size N] [--clip FILE] [--help]
# Needs ../shared (models and faces) beside the checkout, as the tests do.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Compiles ingest and the modules it needs, and writes each module's test classpath (one file per module).
./mvnw -q -B -pl ingest -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >&2
# ONNX Runtime 1.29 crashes on command lines over about 4 KB: the classpath goes in an argument file.
printf -- '-cp\n%s\n' "ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/bench.cp)" > ingest/target/bench.args
export HEED_MODELS_DIR="${HEED_MODELS_DIR:-$ROOT/../shared/models}"
exec java -Xmx2g -Dheed.shared="$ROOT/../shared" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn @ingest/target/bench.args \
  dev.heed.ingest.IngestBenchmark "$@"
