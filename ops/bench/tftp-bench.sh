#!/usr/bin/env bash
# TFTP benchmark: Orchard vs tftpd-hpa 5.2 (in.tftpd -L) and atftpd 0.8.0, same machine, same 30 MiB file,
# one run of the script, each figure the median of RUNS measurements taken interleaved (default 5).
# Not a test. Anchor daemons are extracted from their Debian packages (apt-get download + dpkg -x) into
# ops/bench/.work and run in the foreground on 127.0.0.1 only; nothing is installed, nothing listens on 69.
#
# Scenarios (one line each: tftp-bench <scenario> orchard=<x> anchor=<x> ratio=<x>):
#   1-w1-vs-tftpd-hpa   one atftp client, blksize 1468, windowsize 1: seconds; ratio = orchard/anchor (target <= 1.0)
#   2-w16-vs-atftpd     one atftp client, blksize 1468, windowsize 16: seconds; ratio = orchard/anchor (target <= 1.0)
#   3-100x-w1 / 3-100x-w16
#                       100 concurrent x 30 MiB from one load process (Orchard's client), blksize 1468:
#                       aggregate MiB/s; anchor = the better of tftpd-hpa and atftpd; ratio = orchard/anchor (target >= 1.2)
#   4-rss-during-3      peak server RSS in MiB during scenario 3 (tftpd-hpa: sum over its forked processes)
#
# Usage: ops/bench/tftp-bench.sh            (RUNS=5 CONCURRENT=100 SIZE_MIB=30 may be overridden)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
RUNS3=${RUNS3:-$RUNS}   # rounds of scenario 3 (each round is ~2.5 min of 100 x 30 MiB transfers)
CONCURRENT=${CONCURRENT:-100}
SIZE_MIB=${SIZE_MIB:-30}
WORK=ops/bench/.work
P_ORCH=16969 P_HPA=16970 P_ATFTPD=16971
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

command -v atftp >/dev/null || { echo "atftp client missing: scripts/install-test-deps.sh installs it" >&2; exit 2; }

# --- build the jar (never mvn install) --------------------------------------------------------------
JAR=ops/target/orchard.jar
if [ ! -f "$JAR" ] || [ -n "$(find tftp/src ops/src -newer "$JAR" -name '*.java' -print -quit)" ]; then
  mvn -B -ntp -q -pl ops -am package -DskipTests
fi

# --- anchors from their Debian packages ---------------------------------------------------------------
SYS="$WORK/sysroot"
if [ ! -x "$SYS/usr/sbin/in.tftpd" ] || [ ! -x "$SYS/usr/sbin/atftpd" ]; then
  mkdir -p "$WORK/debs" "$SYS"
  (cd "$WORK/debs" && { apt-get download tftpd-hpa atftpd libwrap0 >/dev/null 2>&1 || { apt-get update -qq && apt-get download tftpd-hpa atftpd libwrap0; }; })
  for deb in "$WORK"/debs/*.deb; do dpkg -x "$deb" "$SYS"; done
fi
export LD_LIBRARY_PATH="$SYS/lib/x86_64-linux-gnu:$SYS/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# --- the file ---------------------------------------------------------------------------------------
SRV="$WORK/srv"
mkdir -p "$SRV"
if [ ! -f "$SRV/f${SIZE_MIB}M" ] || [ "$(stat -c %s "$SRV/f${SIZE_MIB}M")" -ne $((SIZE_MIB * 1048576)) ]; then
  head -c $((SIZE_MIB * 1048576)) /dev/urandom > "$SRV/f${SIZE_MIB}M"
fi
chmod 755 "$WORK" "$SRV"; chmod 644 "$SRV/f${SIZE_MIB}M"
FILE="f${SIZE_MIB}M"
SHA=$(sha256sum "$SRV/$FILE" | cut -d' ' -f1)
OUT=$(mktemp -d /dev/shm/tftp-bench.XXXXXX)
# the JVMs log at INFO (without a config logback prints DEBUG to stdout)
cat > "$WORK/logback-bench.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %-5level %logger{0} - %msg%n</pattern></encoder></appender>
  <logger name="dev.orchard.tftp.server.ReadTransfer" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
XML
JAVA=(java -Xms256m -Xmx512m -Dlogback.configurationFile="$WORK/logback-bench.xml")

# --- servers, foreground on loopback, killed on exit ------------------------------------------------
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT
"${JAVA[@]}" -jar "$JAR" tftp --root "$SRV" --address 127.0.0.1 --port $P_ORCH \
  --max-transfers 512 --max-transfers-per-client 256 --max-windowsize 64 > "$WORK/orchard.log" 2>&1 &
PID_ORCH=$!; PIDS+=($PID_ORCH)
"$SYS/usr/sbin/in.tftpd" -L -a 127.0.0.1:$P_HPA -s "$SRV" -u nobody -B 1468 > "$WORK/tftpd-hpa.log" 2>&1 &
PID_HPA=$!; PIDS+=($PID_HPA)
"$SYS/usr/sbin/atftpd" --daemon --no-fork --port $P_ATFTPD --bind-address 127.0.0.1 --user nobody --group nogroup \
  --maxthread 300 --logfile "$WORK/atftpd.log" "$SRV" > /dev/null 2>&1 &
PID_ATFTPD=$!; PIDS+=($PID_ATFTPD)
for i in $(seq 1 100); do grep -q "tftp: serving" "$WORK/orchard.log" 2>/dev/null && break; sleep 0.2; done
grep -q "tftp: serving" "$WORK/orchard.log" || { cat "$WORK/orchard.log"; exit 1; }
sleep 0.5

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# one atftp fetch; prints seconds; fails loudly on a wrong copy
atftp_once() { # port windowsize
  local opts=(--option "blksize 1468")
  [ "$2" -gt 1 ] && opts+=(--option "windowsize $2")
  local t0 t1; t0=$(now)
  atftp --get -r "$FILE" -l "$OUT/one" "${opts[@]}" 127.0.0.1 "$1" >/dev/null 2>&1
  t1=$(now)
  [ "$(sha256sum "$OUT/one" | cut -d' ' -f1)" = "$SHA" ] || { echo "wrong copy from port $1" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

LOAD=("${JAVA[@]}" -cp "$JAR" dev.orchard.tftp.client.TftpLoad 127.0.0.1)
RSS_MAX=0
rss_of() { # pid (tftpd-hpa: plus children) -> KiB
  local total=0 p
  for p in $1 $(pgrep -P "$1" 2>/dev/null); do
    local kib; kib=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${kib:-0}))
  done
  echo $total
}
# 100 concurrent fetches; prints aggregate MiB/s; samples the server's RSS meanwhile into $OUT/rss
load_once() { # port windowsize server-pid
  local sampler peak=0
  ( while true; do rss_of "$3" >> "$OUT/rss.$3"; sleep 0.2; done ) & sampler=$!
  local line; line=$("${LOAD[@]}" "$1" "$FILE" "$CONCURRENT" 1468 "$2" 2 | grep '^load ') \
    || { echo "load against port $1 failed: $line" >&2; kill $sampler; exit 1; }
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  echo "$1 w$2 $line" >> "$WORK/load.log"
  echo "$line" | sed -E 's/.*mibps=([0-9.]+).*/\1/'
}

# warm-up, the same for every server: page cache, and the JIT of the JVM server (its first fetch is
# interpreted code); then a short concurrent load against each
for i in 1 2 3; do
  for p in $P_ORCH $P_HPA $P_ATFTPD; do atftp_once $p 1 >/dev/null; atftp_once $p 16 >/dev/null; done
done
: > "$WORK/load.log"
for p in $P_ORCH $P_HPA $P_ATFTPD; do "${LOAD[@]}" $p "$FILE" 10 1468 16 2 > /dev/null; done

ratio() { echo "scale=3; $1 / $2" | bc -l | sed 's/^\./0./'; }

# scenario 1 and 2, interleaved
: > "$OUT/s1o"; : > "$OUT/s1a"; : > "$OUT/s2o"; : > "$OUT/s2a"
for r in $(seq 1 "$RUNS"); do
  atftp_once $P_ORCH 1 >> "$OUT/s1o"; atftp_once $P_HPA 1 >> "$OUT/s1a"
  atftp_once $P_ORCH 16 >> "$OUT/s2o"; atftp_once $P_ATFTPD 16 >> "$OUT/s2a"
done
o=$(median < "$OUT/s1o"); a=$(median < "$OUT/s1a")
echo "tftp-bench 1-w1-vs-tftpd-hpa orchard=$(printf %.3f "$o") anchor=$(printf %.3f "$a") ratio=$(ratio "$o" "$a")"
o=$(median < "$OUT/s2o"); a=$(median < "$OUT/s2a")
echo "tftp-bench 2-w16-vs-atftpd orchard=$(printf %.3f "$o") anchor=$(printf %.3f "$a") ratio=$(ratio "$o" "$a")"

# scenario 3: throughput (MiB/s); tftpd-hpa has no windowsize (it ignores the option), so its w1 figure
# stands for both window sizes
for f in s3o1 s3h1 s3a1 s3o16 s3a16; do : > "$OUT/$f"; done
for r in $(seq 1 "$RUNS3"); do
  load_once $P_ORCH 1 $PID_ORCH >> "$OUT/s3o1"
  load_once $P_HPA 1 $PID_HPA >> "$OUT/s3h1"
  load_once $P_ATFTPD 1 $PID_ATFTPD >> "$OUT/s3a1"
  load_once $P_ORCH 16 $PID_ORCH >> "$OUT/s3o16"
  load_once $P_ATFTPD 16 $PID_ATFTPD >> "$OUT/s3a16"
done
better() { awk -v a="$1" -v b="$2" 'BEGIN {print (a > b) ? a : b}'; }
o=$(median < "$OUT/s3o1"); h=$(median < "$OUT/s3h1"); a=$(median < "$OUT/s3a1"); best=$(better "$h" "$a")
echo "tftp-bench 3-100x-w1 orchard=$o anchor=$best ratio=$(ratio "$o" "$best")  (MiB/s; tftpd-hpa=$h atftpd=$a)"
o=$(median < "$OUT/s3o16"); a=$(median < "$OUT/s3a16"); best=$(better "$h" "$a")
echo "tftp-bench 3-100x-w16 orchard=$o anchor=$best ratio=$(ratio "$o" "$best")  (MiB/s; tftpd-hpa=$h atftpd=$a)"

peak() { sort -n "$1" | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }
ro=$(peak "$OUT/rss.$PID_ORCH"); rh=$(peak "$OUT/rss.$PID_HPA"); ra=$(peak "$OUT/rss.$PID_ATFTPD")
echo "tftp-bench 4-rss-during-3 orchard=$ro anchor=$ra ratio=$(ratio "$ro" "$ra")  (peak MiB; anchor=atftpd; tftpd-hpa=$rh summed over its forks)"
