#!/usr/bin/env bash
# The aggregator benchmark: pose events per second through the real topology (AggregatorService, one stream
# thread) next to a plain consumer reading the same topic in the same run, on a broker in this JVM.
# Usage, from anywhere: aggregator/benchmark.sh [events (200000)] [people (20)] [exactly_once_v2|at_least_once]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -q -B -pl aggregator -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >&2
# A classpath argument file keeps the command line short (the same habit as ingest/benchmark.sh).
printf -- '-cp\n%s\n' "aggregator/target/test-classes:aggregator/target/classes:$(cat aggregator/target/bench.cp)" > aggregator/target/bench.args
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn @aggregator/target/bench.args \
  dev.heed.aggregator.bench.TopologyBenchmark "$@"
