#!/usr/bin/env bash
# The whole test suite: installs missing test peers, then builds and runs every unit test (surefire)
# and integration test (failsafe, *IT) with Netty's paranoid leak detection; a leak fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
exec mvn -B -ntp clean verify "$@"
