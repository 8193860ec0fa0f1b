#!/usr/bin/env bash
# agent-bench: restore a 2 GiB block image from an HTTP server to a file, orchard-agent vs `curl -o`
# (same URL, same target folder). Each of RUNS rounds times both, the agent first in odd rounds and curl first
# in even rounds (so a slow drift of the machine's load favours neither); every round is printed as its own
# row, then the medians over all rows:
#   agent-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15 min> <knobs>
#   agent-bench-run round=<r> order=<orchard-first|anchor-first> orchard=<s> curl=<s> ratio=<x> curl+sync=<s>
#                   durable-ratio=<x>
#   agent-bench restore orchard=<s> curl=<s> ratio=<x>
#   agent-bench restore-durable orchard=<s> curl+sync=<s> ratio=<x>
#
# The server is Orchard's own (`java -jar ops/target/orchard.jar http --root DIR --port P`) when that
# command exists, else nginx (run in the foreground on loopback). Both serve the folder as plain files,
# so this script computes the image's manifest (docs/agent-api.md, with the server's own ETag) and the
# agent reads it with --manifest. The agent runs as
# `java -jar agent/target/orchard-agent.jar --image /images/bench.img --manifest FILE …`: every chunk
# sha256-verified, the whole image's sha256 checked, the target forced to disk at the end (curl does
# none of that). Its time includes JVM start-up.
#
# Environment: RUNS (5), SIZE_MIB (2048), PORT (18480), BENCH_OUT (bench-out/agent), SERVER (auto|orchard|nginx)
# Smoke run (proves the script works; the figures mean nothing): RUNS=2 SIZE_MIB=64 ops/bench/agent-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
RUNS=${RUNS:-5}
SIZE_MIB=${SIZE_MIB:-2048}
PORT=${PORT:-18480}
OUT=$(realpath -m "${BENCH_OUT:-bench-out/agent}")
SERVER=${SERVER:-auto}
IMAGE_NAME=bench.img
URL="http://127.0.0.1:$PORT"

mkdir -p "$OUT/root/images" "$OUT/targets" "$OUT/work" "$OUT/nginx/logs" "$OUT/nginx/tmp"
IMAGE="$OUT/root/images/$IMAGE_NAME"
MANIFEST="$OUT/$IMAGE_NAME.manifest.json"

bench_jar agent agent/target/orchard-agent.jar
[ "$SERVER" = nginx ] || bench_jar ops ops/target/orchard.jar
if [ ! -f "$IMAGE" ] || [ "$(stat -c %s "$IMAGE")" -ne $((SIZE_MIB << 20)) ]; then
  echo "agent-bench: writing a ${SIZE_MIB} MiB random image" >&2
  head -c $((SIZE_MIB << 20)) /dev/urandom > "$IMAGE"
fi

server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

wait_for() { # url, seconds
  for _ in $(seq 1 $(($2 * 10))); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}

make_manifest() { # the manifest of docs/agent-api.md, carrying the server's strong ETag
  local etag
  etag=$(curl -sfI "$URL/images/$IMAGE_NAME" | tr -d '\r' | awk 'tolower($1) == "etag:" { print $2 }')
  /usr/bin/python3 - "$IMAGE" "$MANIFEST" "$etag" <<'PY'
import hashlib, json, os, sys
path, out, etag = sys.argv[1], sys.argv[2], sys.argv[3]
chunk = 4 << 20
st = os.stat(path)
if os.path.exists(out):
    old = json.load(open(out))
    if old.get("size") == st.st_size and old.get("mtime") == st.st_mtime:
        old["etag"] = etag
        json.dump(old, open(out, "w"))
        sys.exit(0)
whole, chunks, off = hashlib.sha256(), [], 0
with open(path, "rb") as f:
    while off < st.st_size:
        b = f.read(min(chunk, st.st_size - off))
        whole.update(b)
        chunks.append({"index": len(chunks), "offset": off, "length": len(b), "sha256": hashlib.sha256(b).hexdigest()})
        off += len(b)
json.dump({"name": os.path.basename(path), "size": st.st_size, "sha256": whole.hexdigest(), "chunkSize": chunk,
           "etag": etag, "mtime": st.st_mtime, "chunks": chunks}, open(out, "w"))
PY
}

start_orchard() {
  java -jar ops/target/orchard.jar http --root "$OUT/root" --address 127.0.0.1 --port "$PORT" > "$OUT/orchard-http.log" 2>&1 &
  server_pid=$!
  wait_for "$URL/images/$IMAGE_NAME" 30
}

start_nginx() {
  if ! command -v nginx > /dev/null && [ ! -x /usr/sbin/nginx ]; then
    scripts/install-test-deps.sh
  fi
  cat > "$OUT/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
error_log $OUT/nginx/logs/error.log;
pid $OUT/nginx/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $OUT/nginx/tmp; proxy_temp_path $OUT/nginx/tmp; fastcgi_temp_path $OUT/nginx/tmp;
  uwsgi_temp_path $OUT/nginx/tmp; scgi_temp_path $OUT/nginx/tmp;
  server {
    listen 127.0.0.1:$PORT;
    root $OUT/root;
  }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx" &
  server_pid=$!
  wait_for "$URL/images/$IMAGE_NAME" 30
}

used=
if [ "$SERVER" != nginx ] && [ -f ops/target/orchard.jar ] && java -jar ops/target/orchard.jar http --help > /dev/null 2>&1; then
  if start_orchard; then used=orchard; else cleanup; server_pid=; fi
fi
if [ -z "$used" ]; then
  [ "$SERVER" = orchard ] && { echo "agent-bench: Orchard's http command is not available" >&2; exit 1; }
  start_nginx
  used=nginx
fi
make_manifest

now() { date +%s.%N; }
time_curl() { # prints "<curl -o seconds> <seconds until its file is on disk too (sync -d)>"
  rm -f "$OUT/targets/curl.img"
  sync
  local s e d
  s=$(now); curl -sf -o "$OUT/targets/curl.img" "$URL/images/$IMAGE_NAME"; e=$(now)
  sync -d "$OUT/targets/curl.img"; d=$(now)
  rm -f "$OUT/targets/curl.img"
  awk -v s="$s" -v e="$e" -v d="$d" 'BEGIN { printf "%.3f %.3f", e - s, d - s }'
}
time_agent() {
  rm -f "$OUT/targets/agent.img"
  rm -rf "$OUT/work/journal"
  sync
  local s e
  s=$(now)
  java -jar agent/target/orchard-agent.jar --server "$URL" --image "/images/$IMAGE_NAME" --manifest "$MANIFEST" \
    --target "$OUT/targets/agent.img" --work "$OUT/work" --backend generic --reuse none --quiet > "$OUT/agent-last.txt"
  e=$(now)
  grep -q "result=ok" "$OUT/agent-last.txt" || { cat "$OUT/agent-last.txt" >&2; exit 1; }
  rm -f "$OUT/targets/agent.img"
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}

bench_header agent-bench "server=$used size-mib=$SIZE_MIB runs=$RUNS"
agent_times=()
curl_times=()
synced_times=()
for i in $(seq 1 "$RUNS"); do
  order=$(bench_order "$i")
  if [ "$order" = orchard-first ]; then
    a=$(time_agent); c=$(time_curl)
  else
    c=$(time_curl); a=$(time_agent)
  fi
  agent_times+=("$a")
  curl_times+=("${c% *}")
  synced_times+=("${c#* }")
  awk -v i="$i" -v o="$order" -v a="$a" -v c="${c% *}" -v s="${c#* }" 'BEGIN {
    printf "agent-bench-run round=%d order=%s orchard=%.2f curl=%.2f ratio=%.2f curl+sync=%.2f durable-ratio=%.2f\n",
      i, o, a, c, a / c, s, a / s }'
done

median() { printf '%s\n' "$@" | bench_median; }
ma=$(median "${agent_times[@]}")
mc=$(median "${curl_times[@]}")
ms=$(median "${synced_times[@]}")
awk -v a="$ma" -v c="$mc" 'BEGIN { printf "agent-bench restore orchard=%.2f curl=%.2f ratio=%.2f\n", a, c, a / c }'
# the agent's figure includes forcing its target to disk; this line compares it with curl's file made durable too
awk -v a="$ma" -v c="$ms" 'BEGIN { printf "agent-bench restore-durable orchard=%.2f curl+sync=%.2f ratio=%.2f\n", a, c, a / c }'
bench_footer agent-bench
