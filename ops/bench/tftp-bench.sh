#!/usr/bin/env bash
# TFTP benchmark: Orchard vs tftpd-hpa 5.2 (in.tftpd -L) and atftpd 0.8.0, same machine, same 30 MiB file.
# Not a test. Anchor daemons are extracted from their Debian packages (apt-get download + dpkg -x) into
# ops/bench/.work and run in the foreground on 127.0.0.1 only; nothing is installed, nothing listens on 69.
#
# Method (the machine may be shared and noisy, so every figure is paired, repeated and printed):
#   - the first line names the run: date, git commit (-dirty if the work tree differs), nproc, load average;
#   - all servers run for the whole script; each round measures Orchard and the anchor back to back, Orchard
#     first in odd rounds and the anchor first in even rounds (so a slow drift of the machine's load cancels
#     out); every row says which (order=orchard-first|anchor-first);
#   - before each measurement the script waits (at most QUIET_WAIT s) until MIN_IDLE % of all CPUs were idle
#     over 2 s, and records the idle % it got;
#   - scenario 3 computes how many cores OTHER processes used during each measurement (all busy CPU time
#     from /proc/stat minus the server's and the load generator's) and prints it on the measurement's row;
#     a row disturbed by more than MAX_OTHERS cores is marked disturbed=yes, never retaken nor dropped;
#   - RUNS rounds of scenarios 1-2 and RUNS3 rounds of scenario 3;
#   - EVERY measurement is printed as its own row; each summary figure is the MEDIAN over all of its rows;
#     a `tftp-bench-spread` line follows each summary with the min/max of both sides, the median of the
#     per-round ratios and the idle % seen;
#   - scenario 3 also reports CPU seconds per GiB of server and of client (from /proc and time(1)): this
#     does not depend on how much of the CPU the other jobs on the machine left us, so it shows where the
#     work goes even when the wall-clock figures are noisy.
#
# Output lines (exact formats):
#   tftp-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   tftp-bench-measure scenario=<3-…> round=<r> order=<…> server=<name> mibps=<x> server-cpu-s-per-gib=<x>
#                      client-cpu-s-per-gib=<x> others-cores=<x> idle%=<n> disturbed=<yes|no>   (live, scenario 3)
#   tftp-bench-run scenario=<…> round=<r> order=<…> orchard=<x> anchor=<x> ratio=<x> anchor-server=<name>
#                  idle%=<n>[/<n>]                                                         (every round, paired)
#   tftp-bench <scenario> orchard=<x> anchor=<x> ratio=<x>                                (medians of the rows)
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
#   RUNS=9 RUNS3=5 CONCURRENT=100 SIZE_MIB=30     rounds and sizes
#   MIN_IDLE=70 QUIET_WAIT=90                     idle % wanted before each measurement, longest wait (s)
#   MAX_OTHERS=0.3                                scenario-3 rows above this many cores of other processes are
#                                                 marked disturbed=yes (and still counted)
#   ORCHARD_JVM="..." ORCHARD_ARGS="..."          JVM flags / extra `orchard tftp` options (e.g. --no-udp-gso)
#   NO_GSO_SERIES=1                               also measure a second Orchard with --no-udp-gso in 2 and 3
#   SKIP3=1                                       scenarios 1-2 only
# Smoke run (proves the script works; the figures mean nothing):
#   RUNS=2 RUNS3=2 CONCURRENT=4 SIZE_MIB=1 MIN_IDLE=0 QUIET_WAIT=0 ops/bench/tftp-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
RUNS=${RUNS:-9}
RUNS3=${RUNS3:-5}
CONCURRENT=${CONCURRENT:-100}
SIZE_MIB=${SIZE_MIB:-30}
MIN_IDLE=${MIN_IDLE:-70}
QUIET_WAIT=${QUIET_WAIT:-90}
MAX_OTHERS=${MAX_OTHERS:-0.3}
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
[ -n "${ORCHARD_JAR:-}" ] || bench_jar ops "$JAR"
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
# busy and idle ticks of all CPUs together (/proc/stat: user nice system idle iowait irq softirq steal)
cpu_busy_idle() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
idle_pct() { # over $1 seconds
  local b0 i0 b1 i1
  read -r b0 i0 < <(cpu_busy_idle); sleep "$1"; read -r b1 i1 < <(cpu_busy_idle)
  awk -v b=$((b1 - b0)) -v i=$((i1 - i0)) 'BEGIN {printf "%d", (b + i) ? 100 * i / (b + i) : 100}'
}
wait_quiet() { # appends the idle % finally seen to $1
  local until=$(( $(date +%s) + QUIET_WAIT )) idle
  idle=$(idle_pct 2)
  while [ "$idle" -lt "$MIN_IDLE" ] && [ "$(date +%s)" -lt "$until" ]; do idle=$(idle_pct 2); done
  echo "$idle" >> "$1"
}
# statistics over a file of numbers, one per line
median() { bench_median < "$1"; }
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
# CONCURRENT fetches from one process, one attempt; leaves in $OUT/attempt: MiB/s, server CPU s/GiB,
# client CPU s/GiB, cores used by other processes meanwhile, peak server RSS (KiB)
load_attempt() { # port windowsize server-pid
  local port=$1 w=$2 pid=$3 sampler line c0 c1 b0 b1 idle
  : > "$OUT/samples"
  ( n=0; while true; do n=$((n + 1)); sample $n "$pid" >> "$OUT/samples"; sleep 0.2; done ) & sampler=$!
  local t0 t1; t0=$(now); c0=$(own_ticks "$pid"); read -r b0 idle < <(cpu_busy_idle)
  line=$(/usr/bin/time -f "time %U %S" -o "$OUT/time" "${LOAD[@]}" "$port" "$FILE" "$CONCURRENT" 1468 "$w" 2 | grep '^load ') \
    || { echo "load against port $port failed: $line" >&2; kill $sampler; exit 1; }
  c1=$(own_ticks "$pid"); read -r b1 idle < <(cpu_busy_idle); t1=$(now)
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  echo "$port w$w $line $(cat "$OUT/time")" >> "$WORK/load.log"
  # children: the last (largest) figure seen of each; a child's final 0.2 s may be missed (a lower bound)
  local children server; children=$(awk -v p="$pid" '$2 != p && $3 > m[$2] {m[$2] = $3} END {for (k in m) s += m[k]; print s + 0}' "$OUT/samples")
  server=$((c1 - c0 + children))
  echo "$line" | awk -v s="$server" -v busy=$((b1 - b0)) -v hz="$HZ" -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" -v rss="$(awk '{r[$1] += $4} END {for (k in r) if (r[k] > m) m = r[k]; print m + 0}' "$OUT/samples")" \
    -v client="$(awk '/^time/ {print $2 + $3}' "$OUT/time")" '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      gib = v["bytes"] / 1073741824
      others = (busy / hz - s / hz - client) / wall; if (others < 0) others = 0
      printf "%s %.3f %.3f %.2f %d\n", v["mibps"], s / hz / gib, client / gib, others, rss }' > "$OUT/attempt"
}
# one measurement of a series, printed as its own row at once (never retaken, never dropped); appends to
# $OUT/<series>{,.scpu,.ccpu,.others,.idle} and $OUT/rss.<pid>
load_once() { # port windowsize server-pid series server-name round order
  local mibps scpu ccpu others rss idle
  wait_quiet "$OUT/$4.idle"; idle=$(tail -1 "$OUT/$4.idle")
  load_attempt "$1" "$2" "$3"
  read -r mibps scpu ccpu others rss < "$OUT/attempt"
  echo "$mibps" >> "$OUT/$4"; echo "$scpu" >> "$OUT/$4.scpu"; echo "$ccpu" >> "$OUT/$4.ccpu"
  echo "$others" >> "$OUT/$4.others"; echo "$rss" >> "$OUT/rss.$3"
  echo "tftp-bench-measure scenario=3-100x-w$2 round=$6 order=$7 server=$5 mibps=$mibps server-cpu-s-per-gib=$scpu" \
    "client-cpu-s-per-gib=$ccpu others-cores=$others idle%=$idle" \
    "disturbed=$(awk -v x="$others" -v m="$MAX_OTHERS" 'BEGIN {print (x > m) ? "yes" : "no"}')"
}

# warm-up, the same for every server: page cache, and the JIT of the JVM server (its first fetches run
# interpreted code); then a short concurrent load against each
for i in 1 2 3; do
  for p in $P_ORCH ${PID_NOGSO:+$P_NOGSO} $P_HPA $P_ATFTPD; do atftp_once $p 1; atftp_once $p 16; done
done
: > "$WORK/load.log"
for p in $P_ORCH ${PID_NOGSO:+$P_NOGSO} $P_HPA $P_ATFTPD; do "${LOAD[@]}" $p "$FILE" 20 1468 16 2 > /dev/null; done

bench_header tftp-bench "runs=$RUNS runs3=$RUNS3 concurrent=$CONCURRENT size-mib=$SIZE_MIB min-idle=$MIN_IDLE%" \
  "max-others=$MAX_OTHERS orchard-jvm=\"$ORCHARD_JVM\" orchard-args=\"$ORCHARD_ARGS\""

# prints every round's row, then the summary (medians over all rows) and its spread line; series files hold
# one figure per round, <orchard-series>.order the order of each round
report() { # scenario orchard-series anchor-series anchor-name
  paired_ratios "$OUT/$2" "$OUT/$3" "$OUT/$2.ratios"
  local idle=("$OUT/$2.idle"); [ ! -f "$OUT/$3.idle" ] || idle+=("$OUT/$3.idle")
  paste -d' ' "$OUT/$2.order" "$OUT/$2" "$OUT/$3" "$OUT/$2.ratios" <(paste -d/ "${idle[@]}") \
    | awk -v s="$1" -v a="$4" '{printf "tftp-bench-run scenario=%s round=%d order=%s orchard=%s anchor=%s ratio=%.3f anchor-server=%s idle%%=%s\n", s, NR, $1, $2, $3, $4, a, $5}'
  local o a; o=$(median "$OUT/$2"); a=$(median "$OUT/$3")
  echo "tftp-bench $1 orchard=$o anchor=$a ratio=$(ratio "$o" "$a")"
  local extra=""
  if [ -f "$OUT/$2.others" ]; then
    extra=" others-cores(orchard)=$(paste -sd, "$OUT/$2.others") others-cores(anchor)=$(paste -sd, "$OUT/$3.others")"
    extra+=" disturbed-rows=$(cat "$OUT/$2.others" "$OUT/$3.others" | awk -v m="$MAX_OTHERS" '$1 > m {n++} END {print n + 0}')"
  fi
  echo "tftp-bench-spread $1 orchard=$(minmax "$OUT/$2") anchor($4)=$(minmax "$OUT/$3")" \
    "paired-ratio-median=$(median "$OUT/$2.ratios") n=$(wc -l < "$OUT/$2")" \
    "idle%=$(cat "${idle[@]}" | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s..%s", lo, hi}')$extra"
}

# the other order than bench_order's: the --no-udp-gso series runs on the far side of the anchor
flipped() { if [ "$(bench_order "$1")" = orchard-first ]; then echo anchor-first; else echo orchard-first; fi; }

# scenarios 1 and 2: one atftp client; Orchard first in odd rounds, the anchor first in even ones
for r in $(seq 1 "$RUNS"); do
  wait_quiet "$OUT/s1o.idle"; tail -1 "$OUT/s1o.idle" >> "$OUT/s2o.idle"; tail -1 "$OUT/s1o.idle" >> "$OUT/s2n.idle"
  bench_order "$r" >> "$OUT/s1o.order"; bench_order "$r" >> "$OUT/s2o.order"; flipped "$r" >> "$OUT/s2n.order"
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
if [ -n "${PID_NOGSO:-}" ]; then report 2-w16-nogso-vs-atftpd s2n s2a atftpd; fi
if [ "$SKIP3" = 1 ]; then bench_footer tftp-bench; exit 0; fi

# scenario 3: throughput (MiB/s) and CPU per GiB; Orchard first in odd rounds, the anchors first in even ones
for r in $(seq 1 "$RUNS3"); do
  o=$(bench_order "$r"); f=$(flipped "$r")
  echo "$o" >> "$OUT/s3o1.order"; echo "$o" >> "$OUT/s3o16.order"; echo "$f" >> "$OUT/s3n16.order"
  if [ "$o" = orchard-first ]; then
    load_once $P_ORCH 1 $PID_ORCH s3o1 orchard "$r" "$o"
    load_once $P_HPA 1 $PID_HPA s3h1 tftpd-hpa "$r" "$o"; load_once $P_ATFTPD 1 $PID_ATFTPD s3a1 atftpd "$r" "$o"
    load_once $P_ORCH 16 $PID_ORCH s3o16 orchard "$r" "$o"; load_once $P_ATFTPD 16 $PID_ATFTPD s3a16 atftpd "$r" "$o"
    [ -z "${PID_NOGSO:-}" ] || load_once $P_NOGSO 16 "$PID_NOGSO" s3n16 orchard-nogso "$r" "$f"
  else
    [ -z "${PID_NOGSO:-}" ] || load_once $P_NOGSO 16 "$PID_NOGSO" s3n16 orchard-nogso "$r" "$f"
    load_once $P_ATFTPD 16 $PID_ATFTPD s3a16 atftpd "$r" "$o"; load_once $P_ORCH 16 $PID_ORCH s3o16 orchard "$r" "$o"
    load_once $P_ATFTPD 1 $PID_ATFTPD s3a1 atftpd "$r" "$o"; load_once $P_HPA 1 $PID_HPA s3h1 tftpd-hpa "$r" "$o"
    load_once $P_ORCH 1 $PID_ORCH s3o1 orchard "$r" "$o"
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
  report 3-100x-w16-nogso s3n16 "$best" "$(name_of "$best")"
  cpu_line 3-100x-w16-nogso s3n16 s3a16
fi

peak() { sort -n "$1" | tail -1 | awk '{printf "%.1f", $1 / 1024}'; }  # KiB -> MiB
ro=$(peak "$OUT/rss.$PID_ORCH"); rh=$(peak "$OUT/rss.$PID_HPA"); ra=$(peak "$OUT/rss.$PID_ATFTPD")
echo "tftp-bench 4-rss-during-3 orchard=$ro anchor=$ra ratio=$(ratio "$ro" "$ra")"
echo "tftp-bench-spread 4-rss-during-3 (peak MiB) orchard=$ro atftpd=$ra tftpd-hpa=$rh (sum over its forks)"
bench_footer tftp-bench
