#!/usr/bin/env bash
# Lab flake hunt (issue 11 item 3): RUNS labs of MACS simulated Macs in a row, each a fresh
# `orchard lab` JVM against one `orchard serve` of the `orchard init --unprivileged` sample (every
# action: restore, install + thin with the sample workflow's #! scripts, thin, none), on free loopback
# ports so that it can run beside other servers. A lab fails when `orchard lab` exits non-zero.
#
# Prints each lab on stderr and at the end:
#   lab-repeat runs=<n> macs=<m> failed_labs=<n> failed_macs=<n> text_file_busy=<n> total_s=<s> lab_s_p50=<s> lab_s_max=<s>
# and exits 0 only when no lab failed. Every lab's JSON report and log stay in bench-out/lab-repeat/.
# Environment: RUNS (50), MACS (20), CONCURRENCY (16), SEED (1; "vary" = the run number), JAVA_OPTS (server),
# LAB_JAVA_OPTS (lab).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-50}
MACS=${MACS:-20}
CONCURRENCY=${CONCURRENCY:-16}
SEED=${SEED:-1}
OUT=bench-out/lab-repeat
JAR=ops/target/orchard.jar
[ -f "$JAR" ] || mvn -B -ntp -q -o -pl ops -am package -DskipTests >&2
rm -rf "$OUT"; mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }

SETUP="$OUT/setup"
java -jar "$JAR" init --unprivileged "$SETUP" > "$OUT/init.log"
BSDP=$(free_port SOCK_DGRAM); TFTP=$(free_port SOCK_DGRAM); HTTP=$(free_port SOCK_STREAM)
sed -i -e "s/port: 10067/port: $BSDP/" -e "s/port: 10069/port: $TFTP/" -e "s/port: 10080/port: $HTTP/" "$SETUP/orchard.yaml"

SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$OUT/work"; }
trap cleanup EXIT
java ${JAVA_OPTS:-} -jar "$JAR" serve --config "$SETUP/orchard.yaml" --unprivileged > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null || { echo "server did not become ready" >&2; cat "$OUT/server.log" >&2; exit 1; }

failed_labs=0; failed_macs=0; busy=0
: > "$OUT/times.txt"
start=$(date +%s.%N)
for run in $(seq 1 "$RUNS"); do
  seed=$SEED; [ "$SEED" = vary ] && seed=$run
  t0=$(date +%s.%N)
  rc=0
  java ${LAB_JAVA_OPTS:-} -jar "$JAR" lab --config "$SETUP/orchard.yaml" --macs "$MACS" --concurrency "$CONCURRENCY" \
    --seed "$seed" --json --progress plain --work "$OUT/work" --discard-targets \
    > "$OUT/lab-$run.json" 2> "$OUT/lab-$run.log" || rc=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
  echo "$secs" >> "$OUT/times.txt"
  macs_failed=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["summary"]["failed"])
except Exception: print("?")' "$OUT/lab-$run.json")
  run_busy=$(cat "$OUT/lab-$run.json" "$OUT/lab-$run.log" | grep -c "Text file busy" || true)
  busy=$((busy + run_busy))
  if [ "$rc" -ne 0 ]; then
    failed_labs=$((failed_labs + 1))
    [ "$macs_failed" != "?" ] && failed_macs=$((failed_macs + macs_failed))
  fi
  echo "lab-repeat run=$run seed=$seed exit=$rc failed_macs=$macs_failed text_file_busy=$run_busy seconds=$secs" >&2
done
end=$(date +%s.%N)
total=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", b - a}')
p50=$(sort -g "$OUT/times.txt" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
max=$(sort -g "$OUT/times.txt" | tail -1)
echo "lab-repeat runs=$RUNS macs=$MACS failed_labs=$failed_labs failed_macs=$failed_macs text_file_busy=$busy total_s=$total lab_s_p50=$p50 lab_s_max=$max"
[ "$failed_labs" -eq 0 ]
