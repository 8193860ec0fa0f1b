#!/usr/bin/env bash
# TFTP benchmark: Orchard vs tftpd-hpa 5.2 (in.tftpd -L) and atftpd 0.8.0, same machine, same 30 MiB file.
# Not a test. Anchor daemons are extracted from their Debian packages (apt-get download + dpkg -x) into
# ops/bench/.work and run in the foreground on 127.0.0.1 only; nothing is installed, nothing listens on 69.
#
# Method (the machine is shared and noisy, so every figure is paired and repeated):
#   - all servers run for the whole script; each round measures Orchard and the anchor back to back, in the
#     order A B in odd rounds and B A in even rounds (so a slow drift of the machine's load cancels out);
#   - RUNS rounds of scenarios 1-2 and RUNS3 rounds of scenario 3 (both at least 5 by default);
#   - each figure is the MEDIAN over its rounds; a `tftp-bench-spread` line follows each result with the
#     min/max of both sides, the median of the per-round ratios, and the 1-minute load average seen;
#   - scenario 3 also reports CPU seconds per GiB of server and of client (from /proc and time(1)): this
#     does not depend on how much of the CPU the other jobs on the machine left us, so it shows where the
#     work goes even when the wall-clock figures are noisy.
#
# Result lines (exact format, one per scenario):
#   tftp-bench <scenario> orchard=<x> anchor=<x> ratio=<x>
#   1-w1-vs-tftpd-hpa   one atftp client, blksize 1468, windowsize 1: SECONDS per fetch; ratio = orchard/anchor
#                       (target <= 1.0)
#   2-w16-vs-atftpd     one atftp client, blksize 1468, windowsize 16: SECONDS per fetch; ratio = orchard/anchor
#                       (target <= 1.0)
#   3-100x-w1 / 3-100x-w16
#                       CONCURRENT (100) concurrent x 30 MiB from one load process (Orchard's TftpLoad client),
#                       blksize 1468: aggregate throughput in MiB/s (bytes of all fetches / wall time of the
#                       load process); anchor = the better of tftpd-hpa and atftpd by median; ratio =
#                       orchard/anchor (target >= 1.2). tftpd-hpa 5.2 has no windowsize (it ignores the
#                       option and runs lock-step), so its w1 figure stands for it in w16 too.
#   4-rss-during-3      peak server RSS in MiB sampled every 0.2 s during scenario 3 (tftpd-hpa: sum over its
#                       forked processes); anchor = atftpd
#
# Usage: ops/bench/tftp-bench.sh
#   RUNS=7 RUNS3=5 CONCURRENT=100 SIZE_MIB=30     rounds and sizes
#   MAX_LOAD=2.5 LOAD_WAIT=300                    before each round wait (at most LOAD_WAIT s) until the
#                                                 1-minute load average is below MAX_LOAD
#   ORCHARD_JVM="..." ORCHARD_ARGS="..."          JVM flags / extra `orchard tftp` options (e.g. --no-udp-gso)
#   NO_GSO_SERIES=1                               also measure a second Orchard with --no-udp-gso in 2 and 3
#   SKIP3=1                                       scenarios 1-2 only
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-7}
RUNS3=${RUNS3:-5}
CONCURRENT=${CONCURRENT:-100}
SIZE_MIB=${SIZE_MIB:-30}
MAX_LOAD=${MAX_LOAD:-}
LOAD_WAIT=${LOAD_WAIT:-300}
NO_GSO_SERIES=${NO_GSO_SERIES:-0}
SKIP3=${SKIP3:-0}
# the service flags recommended in docs/tftp.md
ORCHARD_JVM=${ORCHARD_JVM:--XX:+UseSerialGC -Xms32m -Xmx128m}
ORCHARD_ARGS=${ORCHARD_ARGS:-}
LOAD_JVM=(-XX:+UseSerialGC -Xms64m -Xmx256m)
WORK=ops/bench/.work
P_ORCH=16969 P_HPA=16970 P_ATFTPD=16971 P_NOGSO=16972
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
HZ=$(getconf CLK_TCK)

command -v atftp >/dev/null || { echo "atftp client missing: scripts/install-test-deps.sh installs it" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (Debian package: time)" >&2; exit 2; }

# --- build the jar (never mvn install) --------------------------------------------------------------
JAR=${ORCHARD_JAR:-ops/target/orchard.jar}
if [ -z "${ORCHARD_JAR:-}" ] && { [ ! -f "$JAR" ] || [ -n "$(find tftp/src ops/src -newer "$JAR" -name '*.java' -print -quit)" ]; }; then
  mvn -B -ntp -q -pl ops -am package -DskipTests
fi
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")

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
cat > "$WORK/logback-bench.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %-5level %logger{0} - %msg%n</pattern></encoder></appender>
  <logger name="dev.orchard.tftp.server.ReadTransfer" level="WARN"/>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
XML
LOGBACK=(-Dlogback.configurationFile="$WORK/logback-bench.xml")

# --- servers, foreground on loopback, killed on exit ------------------------------------------------
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT
start_orchard() { # port log extra-args...
  local port=$1 log=$2; shift 2
  # shellcheck disable=SC2086
  java $ORCHARD_JVM "${LOGBACK[@]}" -jar "$JAR" tftp --root "$SRV" --address 127.0.0.1 --port "$port" \
    --max-transfers 512 --max-transfers-per-client 256 --max-windowsize 64 $ORCHARD_ARGS "$@" > "$log" 2>&1 &
  PIDS+=($!)
}
start_orchard $P_ORCH "$WORK/orchard.log"; PID_ORCH=${PIDS[-1]}
if [ "$NO_GSO_SERIES" = 1 ]; then start_orchard $P_NOGSO "$WORK/orchard-nogso.log" --no-udp-gso; PID_NOGSO=${PIDS[-1]}; fi
"$SYS/usr/sbin/in.tftpd" -L -a 127.0.0.1:$P_HPA -s "$SRV" -u nobody -B 1468 > "$WORK/tftpd-hpa.log" 2>&1 &
PID_HPA=$!; PIDS+=($PID_HPA)
"$SYS/usr/sbin/atftpd" --daemon --no-fork --port $P_ATFTPD --bind-address 127.0.0.1 --user nobody --group nogroup \
  --maxthread 300 --logfile "$WORK/atftpd.log" "$SRV" > /dev/null 2>&1 &
PID_ATFTPD=$!; PIDS+=($PID_ATFTPD)
for log in "$WORK/orchard.log" ${PID_NOGSO:+"$WORK/orchard-nogso.log"}; do
  for i in $(seq 1 100); do grep -q "tftp: serving" "$log" 2>/dev/null && break; sleep 0.2; done
  grep -q "tftp: serving" "$log" || { cat "$log"; exit 1; }
done
sleep 0.5

now() { date +%s.%N; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
wait_for_quiet() {
  [ -n "$MAX_LOAD" ] || return 0
  local until=$(( $(date +%s) + LOAD_WAIT ))
  while awk -v l="$(loadavg)" -v m="$MAX_LOAD" 'BEGIN {exit !(l >= m)}' && [ "$(date +%s)" -lt "$until" ]; do sleep 5; done
}
# statistics over a file of numbers, one per line
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { sort -g "$1" | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s..%s", lo, hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
paired_ratios() { paste "$1" "$2" | awk '{print $1 / $2}' > "$3"; }

# one atftp fetch; appends seconds to $3; fails loudly on a wrong copy
atftp_once() { # port windowsize outfile
  local opts=(--option "blksize 1468")
  [ "$2" -gt 1 ] && opts+=(--option "windowsize $2")
  local t0 t1; t0=$(now)
  atftp --get -r "$FILE" -l "$OUT/one" "${opts[@]}" 127.0.0.1 "$1" >/dev/null 2>&1
  t1=$(now)
  [ "$(sha256sum "$OUT/one" | cut -d' ' -f1)" = "$SHA" ] || { echo "wrong copy from port $1" >&2; exit 1; }
  rm -f "$OUT/one"
  [ -z "${3:-}" ] || awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' >> "$3"
}

# one sample of a server and its children (tftpd-hpa forks one per transfer and lets the kernel reap
# them, so their CPU never reaches its cutime): lines "<sample> <pid> <utime+stime ticks> <rss KiB>"; one
# awk process per sample, so sampling 100 children does not load the machine
PAGE_KIB=$(( $(getconf PAGESIZE) / 1024 ))
sample() { # sample-number pid
  local files=("/proc/$2/stat") c
  for c in $(cat /proc/"$2"/task/*/children 2>/dev/null); do files+=("/proc/$c/stat"); done
  awk -v n="$1" -v pk="$PAGE_KIB" '{print n, $1, $14 + $15, $24 * pk}' "${files[@]}" 2>/dev/null || true
}
own_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
LOAD=(java "${LOAD_JVM[@]}" "${LOGBACK[@]}" -cp "$JAR" dev.orchard.tftp.client.TftpLoad 127.0.0.1)
# CONCURRENT fetches from one process; appends MiB/s to $OUT/$4, server and client CPU s/GiB to
# $OUT/$4.scpu and $OUT/$4.ccpu, the peak server RSS (KiB) to $OUT/rss.<pid>
load_once() { # port windowsize server-pid series
  local port=$1 w=$2 pid=$3 series=$4 sampler line c0 c1
  : > "$OUT/samples"
  ( n=0; while true; do n=$((n + 1)); sample $n "$pid" >> "$OUT/samples"; sleep 0.2; done ) & sampler=$!
  c0=$(own_ticks "$pid")
  line=$(/usr/bin/time -f "time %U %S" -o "$OUT/time" "${LOAD[@]}" "$port" "$FILE" "$CONCURRENT" 1468 "$w" 2 | grep '^load ') \
    || { echo "load against port $port failed: $line" >&2; kill $sampler; exit 1; }
  c1=$(own_ticks "$pid")
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  echo "$port w$w $line $(cat "$OUT/time")" >> "$WORK/load.log"
  awk '{r[$1] += $4} END {for (k in r) if (r[k] > m) m = r[k]; print m + 0}' "$OUT/samples" >> "$OUT/rss.$pid"
  # children: the last (largest) figure seen of each; a child's final 0.2 s may be missed (a lower bound)
  local children; children=$(awk -v p="$pid" '$2 != p && $3 > m[$2] {m[$2] = $3} END {for (k in m) s += m[k]; print s + 0}' "$OUT/samples")
  local gib; gib=$(echo "$line" | sed -E 's/.*bytes=([0-9]+).*/\1/' | awk '{print $1 / 1073741824}')
  echo "$line" | sed -E 's/.*mibps=([0-9.]+).*/\1/' >> "$OUT/$series"
  awk -v d=$((c1 - c0 + children)) -v hz="$HZ" -v g="$gib" 'BEGIN {printf "%.3f\n", d / hz / g}' >> "$OUT/$series.scpu"
  awk -v g="$gib" '/^time/ {printf "%.3f\n", ($2 + $3) / g}' "$OUT/time" >> "$OUT/$series.ccpu"
}

# warm-up, the same for every server: page cache, and the JIT of the JVM server (its first fetches run
# interpreted code); then a short concurrent load against each
for i in 1 2 3; do
  for p in $P_ORCH ${PID_NOGSO:+$P_NOGSO} $P_HPA $P_ATFTPD; do atftp_once $p 1; atftp_once $p 16; done
done
: > "$WORK/load.log"
for p in $P_ORCH ${PID_NOGSO:+$P_NOGSO} $P_HPA $P_ATFTPD; do "${LOAD[@]}" $p "$FILE" 20 1468 16 2 > /dev/null; done

echo "tftp-bench-info started $(date -Is) load=$(cut -d' ' -f1-3 /proc/loadavg) cores=$(nproc) runs=$RUNS runs3=$RUNS3" \
  "orchard-jvm=\"$ORCHARD_JVM\" orchard-args=\"$ORCHARD_ARGS\""

# prints the result line and its spread line; series files hold one figure per round
report() { # scenario orchard-series anchor-series [anchor-name]
  local o a; o=$(median "$OUT/$2"); a=$(median "$OUT/$3")
  echo "tftp-bench $1 orchard=$o anchor=$a ratio=$(ratio "$o" "$a")"
  paired_ratios "$OUT/$2" "$OUT/$3" "$OUT/$2.ratios"
  echo "tftp-bench-spread $1 orchard=$(minmax "$OUT/$2") anchor${4:+($4)}=$(minmax "$OUT/$3")" \
    "paired-ratio-median=$(median "$OUT/$2.ratios") paired-ratios=$(paste -sd, "$OUT/$2.ratios")" \
    "n=$(wc -l < "$OUT/$2") load1=$(minmax "$OUT/load.$1")"
}

# scenarios 1 and 2: one atftp client, interleaved A B / B A
for r in $(seq 1 "$RUNS"); do
  wait_for_quiet
  loadavg >> "$OUT/load.1-w1-vs-tftpd-hpa"; loadavg >> "$OUT/load.2-w16-vs-atftpd"
  if [ $((r % 2)) -eq 1 ]; then
    atftp_once $P_ORCH 1 "$OUT/s1o"; atftp_once $P_HPA 1 "$OUT/s1a"
    atftp_once $P_ORCH 16 "$OUT/s2o"; atftp_once $P_ATFTPD 16 "$OUT/s2a"
    [ -z "${PID_NOGSO:-}" ] || atftp_once $P_NOGSO 16 "$OUT/s2n"
  else
    atftp_once $P_HPA 1 "$OUT/s1a"; atftp_once $P_ORCH 1 "$OUT/s1o"
    [ -z "${PID_NOGSO:-}" ] || atftp_once $P_NOGSO 16 "$OUT/s2n"
    atftp_once $P_ATFTPD 16 "$OUT/s2a"; atftp_once $P_ORCH 16 "$OUT/s2o"
  fi
done
report 1-w1-vs-tftpd-hpa s1o s1a tftpd-hpa
report 2-w16-vs-atftpd s2o s2a atftpd
if [ -n "${PID_NOGSO:-}" ]; then
  cp "$OUT/load.2-w16-vs-atftpd" "$OUT/load.2-w16-nogso-vs-atftpd"; report 2-w16-nogso-vs-atftpd s2n s2a atftpd
fi
[ "$SKIP3" = 1 ] && exit 0

# scenario 3: throughput (MiB/s) and CPU per GiB; order alternates per round
for r in $(seq 1 "$RUNS3"); do
  wait_for_quiet
  for s in 3-100x-w1 3-100x-w16; do loadavg >> "$OUT/load.$s"; done
  if [ $((r % 2)) -eq 1 ]; then
    load_once $P_ORCH 1 $PID_ORCH s3o1; load_once $P_HPA 1 $PID_HPA s3h1; load_once $P_ATFTPD 1 $PID_ATFTPD s3a1
    load_once $P_ORCH 16 $PID_ORCH s3o16; load_once $P_ATFTPD 16 $PID_ATFTPD s3a16
    [ -z "${PID_NOGSO:-}" ] || load_once $P_NOGSO 16 "$PID_NOGSO" s3n16
  else
    [ -z "${PID_NOGSO:-}" ] || load_once $P_NOGSO 16 "$PID_NOGSO" s3n16
    load_once $P_ATFTPD 16 $PID_ATFTPD s3a16; load_once $P_ORCH 16 $PID_ORCH s3o16
    load_once $P_ATFTPD 1 $PID_ATFTPD s3a1; load_once $P_HPA 1 $PID_HPA s3h1; load_once $P_ORCH 1 $PID_ORCH s3o1
  fi
done
better() { # series-a series-b -> the one with the higher median
  awk -v a="$(median "$OUT/$1")" -v b="$(median "$OUT/$2")" -v x="$1" -v y="$2" 'BEGIN {print (a >= b) ? x : y}'
}
name_of() { case $1 in s3h1) echo tftpd-hpa ;; *) echo atftpd ;; esac; }
cpu_line() { # scenario orchard-series anchor-series...
  local s=$1 o=$2; shift 2
  local line="tftp-bench-cpu $s (CPU s/GiB, medians) orchard server=$(median "$OUT/$o.scpu") client=$(median "$OUT/$o.ccpu")"
  for a in "$@"; do line+=" $(name_of "$a") server=$(median "$OUT/$a.scpu") client=$(median "$OUT/$a.ccpu")"; done
  echo "$line"
}
best=$(better s3h1 s3a1)
report 3-100x-w1 s3o1 "$best" "$(name_of "$best")"
echo "tftp-bench-anchors 3-100x-w1 tftpd-hpa=$(median "$OUT/s3h1") ($(minmax "$OUT/s3h1")) atftpd=$(median "$OUT/s3a1") ($(minmax "$OUT/s3a1")) MiB/s"
cpu_line 3-100x-w1 s3o1 s3h1 s3a1
best=$(better s3h1 s3a16)
report 3-100x-w16 s3o16 "$best" "$(name_of "$best")"
cpu_line 3-100x-w16 s3o16 s3a16
if [ -n "${PID_NOGSO:-}" ]; then
  cp "$OUT/load.3-100x-w16" "$OUT/load.3-100x-w16-nogso"
  report 3-100x-w16-nogso s3n16 "$best" "$(name_of "$best")"
  cpu_line 3-100x-w16-nogso s3n16 s3a16
fi

peak() { sort -n "$1" | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }  # KiB -> MiB
ro=$(peak "$OUT/rss.$PID_ORCH"); rh=$(peak "$OUT/rss.$PID_HPA"); ra=$(peak "$OUT/rss.$PID_ATFTPD")
echo "tftp-bench 4-rss-during-3 orchard=$ro anchor=$ra ratio=$(ratio "$ro" "$ra")"
echo "tftp-bench-spread 4-rss-during-3 (peak MiB) orchard=$ro atftpd=$ra tftpd-hpa=$rh (sum over its forks)"
echo "tftp-bench-info finished $(date -Is) load=$(cut -d' ' -f1-3 /proc/loadavg)"
