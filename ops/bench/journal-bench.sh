#!/usr/bin/env bash
# Journal group-commit benchmark: events acknowledged per second (durable after fsync) with 1, 8 and
# 64 concurrent appenders (ops/bench/JournalBench.java). No anchor runs beside it, so there is no order to
# alternate. RUNS runs; every run's line per appender count is printed, then the medians over all runs:
#   journal-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   journal-bench-run run=<r> appenders=<n> events_per_s=<x> records_per_fsync=<x> mean_fsync_ms=<x> ack_p50_ms=<x> ack_p99_ms=<x>
#   journal-bench appenders=<n> events_per_s=<x> records_per_fsync=<x> mean_fsync_ms=<x> ack_p50_ms=<x> ack_p99_ms=<x> runs=<n>
# Usage: [RUNS=3] ops/bench/journal-bench.sh [seconds-per-run (5)] [folder on the disk to test (/tmp)]
# Smoke run (proves the script works; the figures mean nothing): RUNS=1 ops/bench/journal-bench.sh 1 /tmp
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
RUNS=${RUNS:-3}
SECONDS_PER_RUN=${1:-5}
FOLDER=${2:-/tmp}
bench_jar ops ops/target/orchard.jar

bench_header journal-bench "runs=$RUNS seconds_per_run=$SECONDS_PER_RUN folder=$FOLDER" \
  "fs=$(stat -f -c %T "$FOLDER") device=$(df --output=source "$FOLDER" | tail -1)"
ROWS=$(mktemp)
trap 'rm -f "$ROWS"' EXIT
for run in $(seq 1 "$RUNS"); do
  java -cp ops/target/orchard.jar ops/bench/JournalBench.java "$SECONDS_PER_RUN" "$FOLDER" \
    | sed -n "s/^journal /journal-bench-run run=$run /p" | tee -a "$ROWS"
done
for appenders in $(sed -E 's/.* appenders=([0-9]+) .*/\1/' "$ROWS" | sort -un); do
  line="journal-bench appenders=$appenders"
  for key in events_per_s records_per_fsync mean_fsync_ms ack_p50_ms ack_p99_ms; do
    line+=" $key=$(grep " appenders=$appenders " "$ROWS" | sed -E "s/.* $key=([0-9.]+).*/\1/" | bench_median)"
  done
  echo "$line runs=$RUNS"
done
bench_footer journal-bench
