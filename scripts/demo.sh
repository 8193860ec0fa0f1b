#!/usr/bin/env bash
# Builds Orchard (tests skipped) and runs the demo: a sample setup served on unprivileged ports
# with a lab of simulated Macs; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package
exec java -jar ops/target/orchard.jar demo "$@"
