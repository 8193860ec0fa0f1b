#!/usr/bin/env bash
# Orchard's HTTP file server vs nginx (sendfile on), same machine, same load, loopback only.
#   (1) ranged:  a 4 GiB image, 16 keep-alive connections doing 1 MiB GETs at random offsets
#   (2) full:    8 concurrent full GETs of a 1 GiB image, repeated
# Load: wrk (Debian) with a Lua script, identical for both servers. Each scenario runs RUNS times per server,
# alternating, DURATION seconds each; medians are reported. Files are kept in bench-out/ between runs and
# read once before measuring (the machine has enough RAM to cache them: a page-cache-hit benchmark).
# Prints:
#   http-bench <scenario> orchard=<MiB/s> nginx=<MiB/s> ratio=<x>
#   http-bench <scenario> cpu-s-per-GiB orchard=<s> nginx=<s> ratio=<x>
#   http-bench <scenario> rss-MiB orchard=<MiB> nginx=<MiB>
# Environment: RUNS (default 3), DURATION (default 15), WARMUP seconds per load type before each measured run
# (default 15), JAVA_OPTS (default "-XX:+UseSerialGC -Xms64m -Xmx256m", the service flags docs/http.md recommends;
# JAVA_OPTS=" " for the JVM defaults), SCENARIOS (default "ranged full").
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-15}
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
if [ ! -f "$JAR" ]; then
  mvn -B -ntp -q -pl ops -am package -DskipTests >&2
fi

make_file() { # name size-in-MiB
  if [ ! -f "$OUT/root/$1" ] || [ "$(stat -c %s "$OUT/root/$1")" != "$(( $2 * 1024 * 1024 ))" ]; then
    echo "creating $1 ($2 MiB of random data)" >&2
    head -c "$(( $2 * 1024 * 1024 ))" /dev/urandom > "$OUT/root/$1"
  fi
  cat "$OUT/root/$1" > /dev/null # into the page cache
}
make_file image-4g.img 4096
make_file image-1g.img 1024

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk prints this summary line for both scenarios
DONE_LUA='done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK bytes=%d requests=%d duration_us=%d errors=%d\n", summary.bytes, summary.requests,
    summary.duration, e.connect + e.read + e.write + e.status + e.timeout))
end'
cat > "$OUT/ranged.lua" <<LUA
-- 1 MiB ranged GETs at random offsets of a 4 GiB file
local size = 4294967296
local chunk = 1048576
local seeded = false
request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); seeded = true end
  local off = math.floor(math.random() * (size - chunk))
  return wrk.format("GET", "/image-4g.img", { ["Range"] = "bytes=" .. off .. "-" .. (off + chunk - 1) })
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
  keepalive_requests 1000000;
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

# run <server> <scenario>: prints "MiB/s cpu-s-per-GiB rss-MiB"
run() {
  local server=$1 scenario=$2 out
  "start_$server"
  # a warm-up that is not measured (the JVM's JIT; the same for nginx, for identical treatment)
  wrk -t2 -c16 -d"${WARMUP}s" --timeout 60s -s "$OUT/ranged.lua" "http://127.0.0.1:$PORT/image-4g.img" > /dev/null 2>&1 || true
  wrk -t2 -c8 -d"${WARMUP}s" --timeout 120s "http://127.0.0.1:$PORT/image-1g.img" > /dev/null 2>&1 || true
  local t0; t0=$(ticks "${SERVER_PIDS[@]}")
  if [ "$scenario" = ranged ]; then
    out=$(wrk -t2 -c16 -d"${DURATION}s" --timeout 60s -s "$OUT/ranged.lua" "http://127.0.0.1:$PORT/image-4g.img")
  else
    out=$(wrk -t2 -c8 -d"${DURATION}s" --timeout 120s -s "$OUT/full.lua" "http://127.0.0.1:$PORT/image-1g.img")
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
  python3 - "$bytes" "$dur" "$(( t1 - t0 ))" "$HZ" "$rss" <<'PY'
import sys
b, us, ticks, hz, rss = (int(x) for x in sys.argv[1:])
mib_s = b / 1048576 / (us / 1e6)
cpu_per_gib = (ticks / hz) / (b / 2**30)
print(f"{mib_s:.1f} {cpu_per_gib:.4f} {rss/1024:.0f}")
PY
}

median() { python3 -c 'import statistics,sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.4g}")' "$@"; }

for scenario in ${SCENARIOS:-ranged full}; do
  o_tp=(); o_cpu=(); o_rss=(); n_tp=(); n_cpu=(); n_rss=()
  for i in $(seq "$RUNS"); do
    read -r tp cpu rss < <(run orchard "$scenario"); o_tp+=("$tp"); o_cpu+=("$cpu"); o_rss+=("$rss")
    echo "run $i $scenario orchard: $tp MiB/s, $cpu cpu-s/GiB, $rss MiB RSS" >&2
    read -r tp cpu rss < <(run nginx "$scenario"); n_tp+=("$tp"); n_cpu+=("$cpu"); n_rss+=("$rss")
    echo "run $i $scenario nginx:   $tp MiB/s, $cpu cpu-s/GiB, $rss MiB RSS" >&2
  done
  name=$([ "$scenario" = ranged ] && echo "ranged-1MiB-4GiB-c16" || echo "full-1GiB-c8")
  ot=$(median "${o_tp[@]}"); nt=$(median "${n_tp[@]}")
  oc=$(median "${o_cpu[@]}"); nc=$(median "${n_cpu[@]}")
  echo "http-bench $name orchard=$ot nginx=$nt ratio=$(python3 -c "print(f'{$ot/$nt:.3f}')")"
  echo "http-bench $name cpu-s-per-GiB orchard=$oc nginx=$nc ratio=$(python3 -c "print(f'{$oc/$nc:.3f}')")"
  echo "http-bench $name rss-MiB orchard=$(median "${o_rss[@]}") nginx=$(median "${n_rss[@]}")"
done
