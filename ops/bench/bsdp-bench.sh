#!/usr/bin/env bash
# BSDP storm benchmark: MACS simulated Macs (each its own MAC and ciaddr) do INFORM[LIST] then
# INFORM[SELECT] in a closed loop against `orchard bsdp`, as fast as the server answers. Server and load
# generator run side by side on this machine, inside a private network namespace (loopback only; real
# ports 67/68, so no --allow-high-reply-ports is needed and nothing touches the host's network).
#
# No anchor runs beside it (there is no other BSDP server to compare with), so there is no order to
# alternate. Prints a header naming the run, one row per run and per burst (none dropped), then the medians
# over all of them:
#   bsdp-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   bsdp-bench-run run=<r> macs=<n> replies_per_s=<x> … server_cpu_us_per_reply=<x>
#   bsdp-burst-run burst=<r> macs=<n> all_booted_ms=<t> failed=<f>
#   bsdp-bench macs=<n> replies_per_s=<x> p99_ms=<y> drops=<z> …     (medians; drops: total over all runs)
#   bsdp-burst macs=<n> all_booted_ms=<t> failed=<f>                 (median; failed: total over all bursts)
#
# Steady state: the Macs take turns with CONCURRENCY requests in flight (closed loop); latency is
# request -> reply; an answer later than 1 s is a drop. Burst: all Macs power on at the same instant and
# boot once with the firmware's retransmissions:
#   bsdp-burst macs=<n> all_booted_ms=<t> failed=<f>
#
# Needs root (network namespace, port 67).
# Knobs: MACS (1000), CONCURRENCY (32), SECONDS_PER_RUN (10), RUNS (5), WARMUP (3), BURSTS (3),
# SERVER_OPTS (extra `orchard bsdp` options).
# Smoke run (proves the script works; the figures mean nothing):
#   MACS=50 SECONDS_PER_RUN=1 WARMUP=1 RUNS=2 BURSTS=1 ops/bench/bsdp-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
MACS=${MACS:-1000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-3}
CONCURRENCY=${CONCURRENCY:-32}
BURSTS=${BURSTS:-3}
SERVER_OPTS=${SERVER_OPTS:-}
JAR=ops/target/orchard.jar
OUT=bench-out/bsdp
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m -XX:+UseParallelGC"}

if [ "$(id -u)" -ne 0 ]; then
  echo "bsdp-bench needs root (network namespace, port 67)" >&2
  exit 2
fi
bench_jar ops "$JAR"

rm -rf "$OUT" && mkdir -p "$OUT/nbi"
for i in 1 2 3 4 5; do
  b="$OUT/nbi/Image$i.nbi"
  mkdir -p "$b/i386"
  echo booter > "$b/i386/booter"
  echo image > "$b/NetInstall.dmg"
  cat > "$b/NBImageInfo.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>Architectures</key><array><string>i386</string></array>
  <key>BootFile</key><string>booter</string>
  <key>Index</key><integer>$i</integer>
  <key>IsInstall</key><true/>
  <key>IsDefault</key><$([ "$i" = 1 ] && echo true || echo false)/>
  <key>Name</key><string>Lab image $i</string>
  <key>RootPath</key><string>NetInstall.dmg</string>
  <key>Type</key><string>HTTP</string>
</dict></plist>
PLIST
done

NS="orchbsdp$$"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

# shellcheck disable=SC2086
ip netns exec "$NS" java $JAVA_OPTS -jar "$JAR" bsdp --nbi "$OUT/nbi" --port 67 --rescan-seconds 0 \
  $SERVER_OPTS > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$OUT/server.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening on" "$OUT/server.log" || { echo "server did not start:" >&2; cat "$OUT/server.log" >&2; exit 1; }

# CPU time of the server process (utime + stime, in clock ticks): CPU per reply is less sensitive than
# throughput to other load on a shared machine
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
HZ=$(getconf CLK_TCK)
bench_header bsdp-bench "macs=$MACS concurrency=$CONCURRENCY seconds_per_run=$SECONDS_PER_RUN runs=$RUNS warmup=$WARMUP" \
  "bursts=$BURSTS java-opts=\"$JAVA_OPTS\" server-opts=\"$SERVER_OPTS\""
results=()
for run in $(seq 1 "$RUNS"); do
  t0=$(ticks)
  # shellcheck disable=SC2086
  line=$(ip netns exec "$NS" java $JAVA_OPTS -cp "$JAR" dev.orchard.bsdp.client.BsdpStorm \
    --server 127.0.0.1:67 --bind 0.0.0.0:68 --macs "$MACS" --concurrency "$CONCURRENCY" --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" \
    --ciaddr-base 127.1.0.0 | grep '^bsdp-bench')
  t1=$(ticks)
  total=$(echo "$line" | sed -n 's/.* total_replies=\([0-9]*\).*/\1/p')
  line="$line server_cpu_us_per_reply=$(awk -v t="$((t1 - t0))" -v hz="$HZ" -v n="$total" 'BEGIN {printf "%.1f", n ? t * 1e6 / hz / n : 0}')"
  echo "bsdp-bench-run run=$run ${line#bsdp-bench }"
  results+=("$line")
done

bursts=()
for run in $(seq 1 "$BURSTS"); do
  # shellcheck disable=SC2086
  line=$(ip netns exec "$NS" java $JAVA_OPTS -cp "$JAR" dev.orchard.bsdp.client.BsdpStorm \
    --server 127.0.0.1:67 --bind 0.0.0.0:68 --macs "$MACS" --ciaddr-base 127.2.0.0 --burst | grep '^bsdp-burst')
  echo "bsdp-burst-run burst=$run ${line#bsdp-burst }"
  bursts+=("$line")
done

median() { bench_median; }
total() { awk '{s += $1} END {print s + 0}'; }
field() { printf '%s\n' "${results[@]}" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
rps=$(field replies_per_s | median)
p50=$(field p50_ms | median)
p99=$(field p99_ms | median)
cpu=$(field server_cpu_us_per_reply | median)
drops=$(field drops | total)
burst_ms=$(printf '%s\n' "${bursts[@]}" | sed -n 's/.* all_booted_ms=\([0-9.]*\).*/\1/p' | median)
burst_failed=$(printf '%s\n' "${bursts[@]}" | sed -n 's/.* failed=\([0-9]*\).*/\1/p' | total)
echo "medians of $RUNS runs of ${SECONDS_PER_RUN}s and $BURSTS bursts; drops and failed are totals over all of them" \
  "(server and load generator on $(nproc) cores, one netns, loopback):"
echo "bsdp-bench macs=$MACS replies_per_s=$rps p99_ms=$p99 drops=$drops p50_ms=$p50 concurrency=$CONCURRENCY server_cpu_us_per_reply=$cpu"
if [ "$BURSTS" -gt 0 ]; then
  echo "bsdp-burst macs=$MACS all_booted_ms=$burst_ms failed=$burst_failed"
fi
bench_footer bsdp-bench
