#!/bin/sh
# Journal group-commit benchmark: events acknowledged per second (durable after fsync) with 1, 8 and
# 64 concurrent appenders. Usage: ops/bench/journal-bench.sh [seconds-per-run] [folder on the disk to test]
set -e
cd "$(dirname "$0")/../.."
[ -f ops/target/orchard.jar ] || mvn -B -ntp -q -pl ops -am package -DskipTests
exec java -cp ops/target/orchard.jar ops/bench/JournalBench.java "${1:-5}" "${2:-/tmp}"
