#!/usr/bin/env bash
# Boot storm: MACS simulated Macs (default 200) through BSDP, TFTP (booter plus a 20 MiB kernelcache), ranged
# HTTP reads of the root image and a 256 MiB block restore each, against `orchard serve` on loopback; every
# byte checked (docs/lab.md). The physical limit is measured in the same run: the same byte count moved by a
# plain TCP copy over loopback (ops/bench/TcpCopy.java), on the same 2 cores.
#
# Targets: each Mac's 256 MiB target is written to tmpfs (/dev/shm, RAM: 200 x 256 MiB = 50 GiB would not fit
# on this disk, and disk speed is not what is measured), compared byte for byte with the served image as soon
# as its agent is done, then deleted (--discard-targets): at most CONCURRENCY targets exist at once.
#
# Order: the lab first and the TCP copy after it in odd runs, the copy first in even runs (so a slow drift of
# the machine's load favours neither); a copy that goes first moves the byte count of the previous run's lab
# (the same for every run without failures; both counts are printed). Every run is printed as its own rows
# (its JSON report goes to bench-out/lab), then the medians over all runs:
#   lab-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   lab-bench-run run=<r> order=<orchard-first|anchor-first> macs=<n> total_s=<x> limit_s=<y> ratio=<x/y>
#                 failures=<n> lab_bytes=<n> copy_bytes=<n>
#   lab-bench-run run=<r> p99_ms … / p50_ms … / server …                                  (the same run's detail)
#   lab-bench macs=<n> total_s=<x> limit_s=<y> ratio=<x/y> failures=<n>
#   lab-bench p99_ms bsdp=<ms> tftp=<ms> http-root=<ms> plan=<ms> restore=<ms> check=<ms>
#   lab-bench server rss_peak_mib=<MiB> cpu_s=<s> cpu_cores=<cpu_s/total_s> lab_cpu_s=<s of the simulated Macs' JVM>
# Environment: MACS (200), RUNS (1; use 3 or more so both orders occur), CONCURRENCY (16), KERNELCACHE_MIB (20),
# IMAGE_MIB (256), ROOT_READ (8MiB), TFTP_WINDOW (0 = lock-step, as Mac firmware), JAVA_OPTS (server JVM),
# LAB_JAVA_OPTS (lab JVM).
# Smoke run (proves the script works; the figures mean nothing):
#   MACS=2 RUNS=2 CONCURRENCY=2 KERNELCACHE_MIB=1 IMAGE_MIB=8 ROOT_READ=1MiB ops/bench/lab-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
MACS=${MACS:-200}
RUNS=${RUNS:-1}
CONCURRENCY=${CONCURRENCY:-16}
KERNELCACHE_MIB=${KERNELCACHE_MIB:-20}
IMAGE_MIB=${IMAGE_MIB:-256}
ROOT_READ=${ROOT_READ:-8MiB}
TFTP_WINDOW=${TFTP_WINDOW:-0}
OUT=bench-out/lab
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TARGETS=/dev/shm/orchard-lab-bench
JAR=ops/target/orchard.jar
bench_jar ops "$JAR"

df -h /work /tmp /dev/shm >&2
need_kib=$(( (CONCURRENCY + 2) * IMAGE_MIB * 1024 ))
free_kib=$(df --output=avail -k /dev/shm | tail -1)
if [ "$free_kib" -lt "$need_kib" ]; then
  echo "lab-bench: /dev/shm has $((free_kib / 1024)) MiB free, needs $((need_kib / 1024)) MiB for $CONCURRENCY targets" >&2
  exit 1
fi

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, getattr(socket, sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
make_file() { # path size-in-bytes seed
  if [ ! -f "$1" ] || [ "$(stat -c %s "$1")" != "$2" ]; then
    mkdir -p "$(dirname "$1")"
    echo "creating $1 ($(( $2 / 1048576 )) MiB of random data)" >&2
    # deterministic pseudo-random bytes, fast (AES-CTR keystream); head closing the pipe is expected
    (set +o pipefail; openssl enc -aes-128-ctr -nosalt -pass "pass:$3" -pbkdf2 -in /dev/zero 2>/dev/null | head -c "$2") > "$1"
  fi
}

SETUP="$OUT/setup"
NBI="$SETUP/nbi/Bench Restore.nbi"
make_file "$NBI/i386/booter" $(( 512 * 1024 )) booter
make_file "$NBI/i386/x86_64/kernelcache" $(( KERNELCACHE_MIB * 1048576 )) kernelcache
make_file "$NBI/NetInstall.dmg" $(( 64 * 1048576 )) root
make_file "$SETUP/images/lab-base.img" $(( IMAGE_MIB * 1048576 )) image
cat > "$NBI/NBImageInfo.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>Architectures</key><array><string>i386</string></array>
  <key>BootFile</key><string>booter</string>
  <key>Index</key><integer>4001</integer>
  <key>IsEnabled</key><true/>
  <key>IsInstall</key><true/>
  <key>Kind</key><integer>1</integer>
  <key>Name</key><string>Bench Restore</string>
  <key>RootPath</key><string>NetInstall.dmg</string>
  <key>Type</key><string>HTTP</string>
</dict></plist>
PLIST
IMAGE_SHA=$(sha256sum "$SETUP/images/lab-base.img" | cut -d' ' -f1)
head -c 24 /dev/urandom | base64 > "$SETUP/admin-token"; chmod 600 "$SETUP/admin-token"
cat "$SETUP"/images/* "$NBI"/i386/booter "$NBI"/i386/x86_64/kernelcache > /dev/null # into the page cache

HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { bench_median; }

SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$TARGETS"; }
trap cleanup EXIT

bench_header lab-bench "macs=$MACS runs=$RUNS concurrency=$CONCURRENCY tftp_windowsize=$TFTP_WINDOW" \
  "kernelcache_mib=$KERNELCACHE_MIB image_mib=$IMAGE_MIB root_read=$ROOT_READ"
: > "$OUT/runs.txt"
bytes=""
for run in $(seq 1 "$RUNS"); do
  order=$(bench_order "$run")
  # the physical limit first in even runs, with the byte count of the previous run's lab (run 1 always has one)
  [ "$order" = orchard-first ] || limit_line=$(java ops/bench/TcpCopy.java "$bytes")
  BSDP=$(free_port SOCK_DGRAM); TFTP=$(free_port SOCK_DGRAM); HTTP=$(free_port SOCK_STREAM)
  rm -rf "$SETUP/data"
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
    - {name: lab-base, file: lab-base.img, sha256: $IMAGE_SHA, size: $(( IMAGE_MIB * 1048576 ))}
policies:
  - name: everyone
    nbi: Bench Restore
    action: restore
    image: lab-base
YAML
  java ${JAVA_OPTS:-} -jar "$JAR" serve --config "$SETUP/orchard.yaml" --unprivileged > "$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$HTTP/readyz" > /dev/null || { echo "server did not become ready" >&2; cat "$OUT/server.log" >&2; exit 1; }
  # the server computes the image's manifest once; do it before the storm, as an admin's `image scan` would
  curl -sf "http://127.0.0.1:$HTTP/images/lab-base.img/manifest" > /dev/null || true

  rm -rf "$TARGETS"; mkdir -p "$TARGETS"
  ticks0=$(ticks "$SERVER_PID")
  ( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
      r=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
      [ "${r:-0}" -gt "$peak" ] && peak=$r && echo "$peak" > "$OUT/rss-peak"
      sleep 0.5
    done ) &
  SAMPLER=$!
  /usr/bin/time -f "LABCPU %U %S" -o "$OUT/lab.cpu" \
    java ${LAB_JAVA_OPTS:-} -jar "$JAR" lab --config "$SETUP/orchard.yaml" --macs "$MACS" --concurrency "$CONCURRENCY" \
      --json --progress plain --work "$TARGETS" --discard-targets --root-read "$ROOT_READ" \
      --tftp-windowsize "$TFTP_WINDOW" > "$OUT/lab.json" 2> "$OUT/lab.log" || true
  cp "$OUT/lab.json" "$OUT/lab-$(date +%Y%m%d-%H%M%S)-w$TFTP_WINDOW-run$run.json"
  ticks1=$(ticks "$SERVER_PID")
  kill "$SAMPLER" 2>/dev/null || true
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

  read -r total_s lab_bytes failures p99 < <(python3 - "$OUT/lab.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
st = s["stages"]
p99 = " ".join(f"{k}={st[k]['p99Ms']:.0f}" for k in ["bsdp", "tftp", "http-root", "plan", "restore", "check"] if k in st)
print(f"{s['wallMs'] / 1000:.1f} {s['bytes']} {s['failed']} {p99.replace(' ', ',')}")
p50 = " ".join(f"{k}={st[k]['p50Ms']:.0f}" for k in ["bsdp", "tftp", "http-root", "plan", "restore", "check"] if k in st)
print(p50, file=open(sys.argv[1] + ".p50", "w"))
PY
)
  [ "$order" = anchor-first ] || limit_line=$(java ops/bench/TcpCopy.java "$lab_bytes")
  bytes=$lab_bytes
  copy_bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<< "$limit_line")
  limit_s=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<< "$limit_line")
  ratio=$(awk -v a="$total_s" -v b="$limit_s" 'BEGIN {printf "%.2f", a / b}')
  cpu_s=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$HZ" 'BEGIN {printf "%.1f", (b - a) / hz}')
  rss=$(awk '{printf "%.0f", $1 / 1024}' "$OUT/rss-peak")
  cores=$(awk -v c="$cpu_s" -v t="$total_s" 'BEGIN {printf "%.2f", c / t}')
  lab_cpu=$(awk '/LABCPU/ {printf "%.1f", $2 + $3}' "$OUT/lab.cpu")
  echo "lab-bench-run run=$run order=$order macs=$MACS total_s=$total_s limit_s=$limit_s ratio=$ratio failures=$failures" \
    "lab_bytes=$lab_bytes copy_bytes=$copy_bytes"
  echo "lab-bench-run run=$run p99_ms ${p99//,/ }"
  echo "lab-bench-run run=$run p50_ms $(cat "$OUT/lab.json.p50")"
  echo "lab-bench-run run=$run server rss_peak_mib=$rss cpu_s=$cpu_s cpu_cores=$cores lab_cpu_s=$lab_cpu ($limit_line)"
  echo "$total_s $limit_s $ratio $failures $rss $cpu_s $cores $p99 $lab_cpu" >> "$OUT/runs.txt"
done

col() { awk -v c="$1" '{print $c}' "$OUT/runs.txt" | median; }
echo "lab-bench setup concurrency=$CONCURRENCY tftp_windowsize=$TFTP_WINDOW kernelcache_mib=$KERNELCACHE_MIB image_mib=$IMAGE_MIB root_read=$ROOT_READ runs=$RUNS"
echo "lab-bench macs=$MACS total_s=$(col 1) limit_s=$(col 2) ratio=$(col 3) failures=$(awk '{s += $4} END {print s}' "$OUT/runs.txt")"
for key in bsdp tftp http-root plan restore check; do
  printf '%s=%s ' "$key" "$(awk '{print $8}' "$OUT/runs.txt" | tr ',' '\n' | awk -F= -v k="$key" '$1 == k {print $2}' | median)"
done > "$OUT/p99.txt"
echo "lab-bench p99_ms $(cat "$OUT/p99.txt")"
echo "lab-bench server rss_peak_mib=$(col 5) cpu_s=$(col 6) cpu_cores=$(col 7) lab_cpu_s=$(col 9)"
bench_footer lab-bench
