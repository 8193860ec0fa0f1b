#!/bin/sh
# A workflow script read from a file (sample). The agent exports ORCHARD_MAC, ORCHARD_SERIAL,
# ORCHARD_MODEL, ORCHARD_NAME and ORCHARD_SERVER to it.
echo "Welcome to the lab. This Mac is ${ORCHARD_NAME:-unnamed} (${ORCHARD_SERIAL:-no serial})."
