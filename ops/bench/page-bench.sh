#!/usr/bin/env bash
# The lab page's cost on the server: the CPU `orchard serve` uses during a boot storm of MACS simulated Macs
# (`orchard lab`, docs/lab.md), with no lab page open and with one open (a logged-in event stream read by
# curl, as the page's EventSource reads it: docs/lab-page.md), alternating rounds (page-less first in odd
# rounds, page first in even ones, so a drift of the machine's load favours neither). Each round gets a fresh
# server and data folder. Printed per round and as medians:
#   page-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   page-bench-run round=<r> page=<no|yes> macs=<n> failures=<n> lab_s=<wall s> server_cpu_s=<s> stream_events=<n>
#                  page_cpu_s=<the page's own thread CPU, from its meter> page_share_pct=<page_cpu_s / server_cpu_s x 100>
#   page-bench page=no server_cpu_s=<median> / page=yes server_cpu_s=<median> added_pct=<(yes-no)/no x 100>
#   page-bench page=yes page_share_pct=<median>
# added_pct is the whole process's difference (all it costs, GC included, but within the storm's noise);
# page_share_pct is what the page's own code spent (precise, but without the GC of what it allocates).
# Target (issue 13): added_pct <= 5. Environment: MACS (200), ROUNDS (4), CONCURRENCY (16), IMAGE_MIB (16),
# KERNELCACHE_MIB (4), JAVA_OPTS (server JVM).
# Smoke run (proves the script works; the figures mean nothing):
#   MACS=4 ROUNDS=2 CONCURRENCY=4 IMAGE_MIB=4 KERNELCACHE_MIB=1 ops/bench/page-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
MACS=${MACS:-200}
ROUNDS=${ROUNDS:-4}
CONCURRENCY=${CONCURRENCY:-16}
IMAGE_MIB=${IMAGE_MIB:-16}
KERNELCACHE_MIB=${KERNELCACHE_MIB:-4}
OUT=bench-out/page
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
JAR=ops/target/orchard.jar
bench_jar ops "$JAR"

# a one-policy lab: every Mac netboots "Bench Restore" and restores lab-base
SETUP="$OUT/setup"
NBI="$SETUP/nbi/Bench Restore.nbi"
mkdir -p "$NBI/i386/x86_64" "$SETUP/images"
head -c $(( 512 * 1024 )) /dev/urandom > "$NBI/i386/booter"
head -c $(( KERNELCACHE_MIB * 1048576 )) /dev/urandom > "$NBI/i386/x86_64/kernelcache"
head -c $(( 8 * 1048576 )) /dev/urandom > "$NBI/NetInstall.dmg"
head -c $(( IMAGE_MIB * 1048576 )) /dev/urandom > "$SETUP/images/lab-base.img"
cat > "$NBI/NBImageInfo.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>Architectures</key><array><string>i386</string></array>
  <key>BootFile</key><string>booter</string>
  <key>Index</key><integer>4002</integer>
  <key>IsEnabled</key><true/>
  <key>Kind</key><integer>1</integer>
  <key>Name</key><string>Bench Restore</string>
  <key>RootPath</key><string>NetInstall.dmg</string>
  <key>Type</key><string>HTTP</string>
</dict></plist>
PLIST
TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$TOKEN" > "$SETUP/admin-token"; chmod 600 "$SETUP/admin-token"

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
HZ=$(getconf CLK_TCK)
# the page's own work, as the server counts it (orchard_page_stream_cpu_seconds_total: thread CPU of its feed reads
# and writes, docs/metrics.md)
page_cpu() { curl -sf "http://127.0.0.1:$1/metrics" | awk '$1 == "orchard_page_stream_cpu_seconds_total" {print $2; f=1} END {if (!f) print 0}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
SERVER_PID=""; STREAM_PID=""
cleanup() { for p in $STREAM_PID $SERVER_PID; do kill "$p" 2>/dev/null || true; done; rm -rf "$OUT/work"; }
trap cleanup EXIT

# logs in like the login form (its double-submit token and cookie, then the admin token) and reads the stream
open_page() { # http-port cookie-jar stream-file
  local form csrf
  form=$(curl -sf -c "$2" "http://127.0.0.1:$1/ui/login")
  csrf=$(sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' <<< "$form")
  curl -sf -b "$2" -c "$2" -o /dev/null --data-urlencode "token=$TOKEN" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$1/ui/login"
  curl -sfN -b "$2" "http://127.0.0.1:$1/ui/stream" > "$3" &
  STREAM_PID=$!
}

bench_header page-bench "macs=$MACS rounds=$ROUNDS concurrency=$CONCURRENCY image_mib=$IMAGE_MIB kernelcache_mib=$KERNELCACHE_MIB"
: > "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  for slot in 1 2; do
    if [ "$(bench_order "$round")" = orchard-first ]; then page=$([ $slot = 1 ] && echo no || echo yes)
    else page=$([ $slot = 1 ] && echo yes || echo no); fi
    BSDP=$(free_port SOCK_DGRAM); TFTP=$(free_port SOCK_DGRAM); HTTP=$(free_port SOCK_STREAM)
    rm -rf "$SETUP/data" "$OUT/work"; mkdir -p "$OUT/work"
    cat > "$SETUP/orchard.yaml" <<YAML
server:
  advertise_address: 127.0.0.1
  data_dir: data
  bsdp: {address: 127.0.0.1, port: $BSDP}
  tftp: {address: 127.0.0.1, port: $TFTP}
  http: {address: 127.0.0.1, port: $HTTP}
admin_token:
  file: admin-token
images:
  nbi_folders: [nbi]
  block_folder: images
  block:
    - {name: lab-base, file: lab-base.img}
policies:
  - name: everyone
    nbi: Bench Restore
    action: restore
    image: lab-base
YAML
    java ${JAVA_OPTS:-} -jar "$JAR" serve --config "$SETUP/orchard.yaml" --unprivileged > "$OUT/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null 2>&1 && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null || { echo "server did not become ready" >&2; cat "$OUT/server.log" >&2; exit 1; }
    curl -sf "http://127.0.0.1:$HTTP/images/lab-base.img/manifest" > /dev/null || true
    [ "$page" = yes ] && open_page "$HTTP" "$OUT/cookies" "$OUT/stream.txt"
    page0=$(page_cpu "$HTTP")
    ticks0=$(ticks "$SERVER_PID"); t0=$(date +%s.%N)
    java -jar "$JAR" lab --config "$SETUP/orchard.yaml" --macs "$MACS" --concurrency "$CONCURRENCY" --json \
      --progress none --work "$OUT/work" --discard-targets > "$OUT/lab.json" 2> "$OUT/lab.log" || true
    sleep 1 # the stream's last coalesced write (100 ms) lands inside the measurement
    ticks1=$(ticks "$SERVER_PID"); t1=$(date +%s.%N)
    page1=$(page_cpu "$HTTP")
    events=0
    if [ "$page" = yes ]; then kill "$STREAM_PID" 2>/dev/null || true; wait "$STREAM_PID" 2>/dev/null || true
      STREAM_PID=""; events=$(grep -c '^event: ' "$OUT/stream.txt" || true); fi
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    failures=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["failed"])' "$OUT/lab.json" 2>/dev/null || echo "?")
    cpu_s=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$HZ" 'BEGIN {printf "%.2f", (b - a) / hz}')
    lab_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
    page_s=$(awk -v a="$page0" -v b="$page1" 'BEGIN {printf "%.3f", b - a}')
    page_pct=$(awk -v p="$page_s" -v c="$cpu_s" 'BEGIN {printf "%.2f", p / c * 100}')
    echo "page-bench-run round=$round page=$page macs=$MACS failures=$failures lab_s=$lab_s server_cpu_s=$cpu_s stream_events=$events page_cpu_s=$page_s page_share_pct=$page_pct"
    echo "$page $cpu_s $page_pct" >> "$OUT/rounds.txt"
  done
done
no=$(awk '$1 == "no" {print $2}' "$OUT/rounds.txt" | bench_median)
yes=$(awk '$1 == "yes" {print $2}' "$OUT/rounds.txt" | bench_median)
echo "page-bench page=no server_cpu_s=$no / page=yes server_cpu_s=$yes added_pct=$(awk -v a="$yes" -v b="$no" 'BEGIN {printf "%.1f", (a - b) / b * 100}')"
echo "page-bench page=yes page_share_pct=$(awk '$1 == "yes" {print $3}' "$OUT/rounds.txt" | bench_median) (median; the stream's own thread CPU over the server's)"
bench_footer page-bench
