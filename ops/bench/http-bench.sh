#!/usr/bin/env bash
# Orchard's HTTP file server vs nginx, same machine, same load, loopback only.
#   (1) ranged:  a 4 GiB image (RANGED_MIB), 16 keep-alive connections doing 1 MiB GETs at random offsets
#   (2) full:    8 concurrent full GETs of a 1 GiB image (FULL_MIB), repeated
# Load: wrk (Debian) with a Lua script, identical for both servers. Each scenario runs RUNS rounds; a round
# measures both servers, Orchard first in odd rounds and nginx first in even rounds (so a slow drift of the
# machine's load favours neither), each freshly started, warmed up for WARMUP seconds per load type, then
# measured for DURATION seconds. Every measurement is printed as its own row; the summary lines are the
# medians over all rows. Files are kept in bench-out/ between runs and read once before measuring (the
# machine has enough RAM to cache them: a page-cache-hit benchmark).
#
# nginx 1.22 (Debian nginx-light) gets a fair file-serving configuration, the one a tuned static server has:
#   worker_processes auto (one per core); sendfile on (nginx 1.22's sendfile_max_chunk default is 2m, as
#   Orchard's 2 MiB regions); tcp_nopush on; tcp_nodelay on; keepalive_timeout 65s; keepalive_requests 1000000;
#   open_file_cache max=1000 inactive=60s; open_file_cache_valid 60s (Orchard keeps open descriptors too, and
#   revalidates them after 1 s, so nginx's cache is the more generous); access_log off (Orchard writes no
#   per-request log).
# Orchard is `java $JAVA_OPTS -jar ops/target/orchard.jar http --root … --address 127.0.0.1`.
#
# Prints:
#   http-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   http-bench-run scenario=<s> round=<r> order=<orchard-first|anchor-first> orchard=<MiB/s> nginx=<MiB/s>
#                  ratio=<x> cpu-s-per-gib orchard=<s> nginx=<s> cpu-ratio=<x> rss-mib orchard=<MiB> nginx=<MiB>
#                  wrk-errors orchard=<n> nginx=<n>                                        (every round)
#   http-bench <scenario> orchard=<MiB/s> nginx=<MiB/s> ratio=<x>                        (medians of the rows)
#   http-bench <scenario> cpu-s-per-gib orchard=<s> nginx=<s> ratio=<x>
#   http-bench <scenario> rss-MiB orchard=<MiB> nginx=<MiB>
# Environment: RUNS (default 3), DURATION (default 15), WARMUP seconds per load type before each measured run
# (default 15), JAVA_OPTS (default "-XX:+UseSerialGC -Xms64m -Xmx256m", the service flags docs/http.md recommends;
# JAVA_OPTS=" " for the JVM defaults), SCENARIOS (default "ranged full"), RANGED_MIB (4096), FULL_MIB (1024).
# Smoke run (proves the script works; the figures mean nothing):
#   RUNS=2 DURATION=1 WARMUP=1 RANGED_MIB=16 FULL_MIB=8 ops/bench/http-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-15}
RANGED_MIB=${RANGED_MIB:-4096}
FULL_MIB=${FULL_MIB:-1024}
OUT=bench-out/http
mkdir -p "$OUT/root" "$OUT/nginx/logs"
OUT=$(cd "$OUT" && pwd)

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
for pkg in wrk:wrk nginx:nginx-light; do
  bin=${pkg%%:*}; deb=${pkg#*:}
  if ! need "$bin"; then
    echo "installing $deb (no daemon is started)" >&2
    policy=/usr/sbin/policy-rc.d; created=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
    [ "$created" = 1 ] && rm -f "$policy"
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
JAR=ops/target/orchard.jar
bench_jar ops "$JAR"

make_file() { # name size-in-MiB
  if [ ! -f "$OUT/root/$1" ] || [ "$(stat -c %s "$OUT/root/$1")" != "$(( $2 * 1024 * 1024 ))" ]; then
    echo "creating $1 ($2 MiB of random data)" >&2
    head -c "$(( $2 * 1024 * 1024 ))" /dev/urandom > "$OUT/root/$1"
  fi
  cat "$OUT/root/$1" > /dev/null # into the page cache
}
size_name() { if [ $(($1 % 1024)) -eq 0 ]; then echo "$(($1 / 1024))GiB"; else echo "${1}MiB"; fi; }
RANGED_FILE=image-$(size_name "$RANGED_MIB").img
FULL_FILE=image-$(size_name "$FULL_MIB").img
make_file "$RANGED_FILE" "$RANGED_MIB"
make_file "$FULL_FILE" "$FULL_MIB"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk prints this summary line for both scenarios
DONE_LUA='done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK bytes=%d requests=%d duration_us=%d errors=%d\n", summary.bytes, summary.requests,
    summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
end'
cat > "$OUT/ranged.lua" <<LUA
-- 1 MiB ranged GETs at random offsets of the $RANGED_MIB MiB file
local size = $((RANGED_MIB * 1048576))
local chunk = 1048576
local seeded = false
request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); seeded = true end
  local off = math.floor(math.random() * (size - chunk))
  return wrk.format("GET", "/$RANGED_FILE", { ["Range"] = "bytes=" .. off .. "-" .. (off + chunk - 1) })
end
$DONE_LUA
LUA
printf '%s\n' "$DONE_LUA" > "$OUT/full.lua"

# cpu ticks (utime+stime) of a list of pids
ticks() { local t=0; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }
rss_kib() { local t=0; for p in "$@"; do t=$(( t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status") )); done; echo "$t"; }
HZ=$(getconf CLK_TCK)

SERVER_PID=""
SERVER_PIDS=()
start_orchard() {
  PORT=$(free_port)
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m} -jar "$JAR" http --root "$OUT/root" --address 127.0.0.1 --port "$PORT" > "$OUT/orchard.log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS=("$SERVER_PID")
  for _ in $(seq 100); do grep -q "serving" "$OUT/orchard.log" && return 0; sleep 0.1; done
  echo "orchard did not start:" >&2; cat "$OUT/orchard.log" >&2; exit 1
}
start_nginx() {
  PORT=$(free_port)
  cat > "$OUT/nginx/nginx.conf" <<CONF
daemon off;
worker_processes auto;
error_log $OUT/nginx/logs/error.log;
pid $OUT/nginx/logs/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  types { }
  default_type application/octet-stream;
  client_body_temp_path $OUT/nginx/logs/body;
  proxy_temp_path $OUT/nginx/logs/proxy;
  fastcgi_temp_path $OUT/nginx/logs/fcgi;
  uwsgi_temp_path $OUT/nginx/logs/uwsgi;
  scgi_temp_path $OUT/nginx/logs/scgi;
  server { listen 127.0.0.1:$PORT; root $OUT/root; }
}
CONF
  "$NGINX" -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" &
  SERVER_PID=$!
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi; sleep 0.1
  done
  mapfile -t SERVER_PIDS < <(echo "$SERVER_PID"; pgrep -P "$SERVER_PID")
}
stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap 'stop_server' EXIT

# run <server> <scenario>: prints "MiB/s cpu-s-per-GiB rss-MiB wrk-errors"
run() {
  local server=$1 scenario=$2 out
  "start_$server"
  # a warm-up that is not measured (the JVM's JIT; the same for nginx, for identical treatment)
  wrk -t2 -c16 -d"${WARMUP}s" --timeout 60s -s "$OUT/ranged.lua" "http://127.0.0.1:$PORT/$RANGED_FILE" > /dev/null 2>&1 || true
  wrk -t2 -c8 -d"${WARMUP}s" --timeout 120s "http://127.0.0.1:$PORT/$FULL_FILE" > /dev/null 2>&1 || true
  local t0; t0=$(ticks "${SERVER_PIDS[@]}")
  if [ "$scenario" = ranged ]; then
    out=$(wrk -t2 -c16 -d"${DURATION}s" --timeout 60s -s "$OUT/ranged.lua" "http://127.0.0.1:$PORT/$RANGED_FILE")
  else
    out=$(wrk -t2 -c8 -d"${DURATION}s" --timeout 120s -s "$OUT/full.lua" "http://127.0.0.1:$PORT/$FULL_FILE")
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "$server died during the $scenario run" >&2; exit 1; fi
  local t1; t1=$(ticks "${SERVER_PIDS[@]}")
  local rss; rss=$(rss_kib "${SERVER_PIDS[@]}")
  stop_server
  local line; line=$(grep '^WRK ' <<<"$out")
  local bytes dur errors
  bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$line")
  dur=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
  if [ "$errors" != 0 ]; then echo "warning: $server $scenario: $errors wrk errors" >&2; fi
  python3 - "$bytes" "$dur" "$(( t1 - t0 ))" "$HZ" "$rss" "$errors" <<'PY'
import sys
b, us, ticks, hz, rss, errors = (int(x) for x in sys.argv[1:])
mib_s = b / 1048576 / (us / 1e6)
cpu_per_gib = (ticks / hz) / (b / 2**30)
print(f"{mib_s:.1f} {cpu_per_gib:.4f} {rss/1024:.0f} {errors}")
PY
}

median() { printf '%s\n' "$@" | bench_median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

bench_header http-bench "runs=$RUNS duration=$DURATION warmup=$WARMUP ranged-mib=$RANGED_MIB full-mib=$FULL_MIB" \
  "java-opts=\"${JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m}\" nginx=\"$("$NGINX" -v 2>&1 | sed 's/.*: //')\""
for scenario in ${SCENARIOS:-ranged full}; do
  name=$([ "$scenario" = ranged ] && echo "ranged-1MiB-$(size_name "$RANGED_MIB")-c16" || echo "full-$(size_name "$FULL_MIB")-c8")
  o_tp=(); o_cpu=(); o_rss=(); n_tp=(); n_cpu=(); n_rss=()
  for i in $(seq "$RUNS"); do
    order=$(bench_order "$i")
    if [ "$order" = orchard-first ]; then
      read -r otp ocpu orss oerr < <(run orchard "$scenario"); read -r ntp ncpu nrss nerr < <(run nginx "$scenario")
    else
      read -r ntp ncpu nrss nerr < <(run nginx "$scenario"); read -r otp ocpu orss oerr < <(run orchard "$scenario")
    fi
    o_tp+=("$otp"); o_cpu+=("$ocpu"); o_rss+=("$orss"); n_tp+=("$ntp"); n_cpu+=("$ncpu"); n_rss+=("$nrss")
    echo "http-bench-run scenario=$name round=$i order=$order orchard=$otp nginx=$ntp ratio=$(ratio "$otp" "$ntp")" \
      "cpu-s-per-gib orchard=$ocpu nginx=$ncpu cpu-ratio=$(ratio "$ocpu" "$ncpu") rss-mib orchard=$orss nginx=$nrss" \
      "wrk-errors orchard=$oerr nginx=$nerr"
  done
  ot=$(median "${o_tp[@]}"); nt=$(median "${n_tp[@]}")
  oc=$(median "${o_cpu[@]}"); nc=$(median "${n_cpu[@]}")
  echo "http-bench $name orchard=$ot nginx=$nt ratio=$(ratio "$ot" "$nt")"
  echo "http-bench $name cpu-s-per-GiB orchard=$oc nginx=$nc ratio=$(ratio "$oc" "$nc")"
  echo "http-bench $name rss-MiB orchard=$(median "${o_rss[@]}") nginx=$(median "${n_rss[@]}")"
done
bench_footer http-bench
