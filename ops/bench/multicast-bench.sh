#!/usr/bin/env bash
# multicast-bench: N Macs restore the same image over one rate-limited server link (docs/multicast.md,
# "Benchmark"), three contenders side by side in one run:
#   orchard-mcast    real `orchard serve` with a `multicast:` block + N real agents (`java -jar orchard-agent.jar`):
#                    the stream, HTTP repair of what it missed, then the agent's usual verified block restore
#   orchard-unicast  the same server without `multicast:` and the same agents: HTTP only
#   udpcast          Debian udpcast: `udp-sender --file IMG` and N `udp-receiver --file OUT`
# The network is made here with namespaces (root): a switch namespace with a Linux bridge doing IGMP snooping
# and acting as the segment's querier (mcast_snooping 1, mcast_querier 1, RFC 4541), a server namespace whose
# link is shaped by tc tbf to RATE_MBIT (the lab's bottleneck, as a 1 GbE uplink is for 30 Macs), and one
# namespace per receiver, each dropping LOSS % of the multicast UDP datagrams it receives (nftables
# `numgen random mod 100 < LOSS drop`, on input; TCP, hence HTTP and the unicast contender, is not dropped:
# netem may be missing, and the loss stands for a lossy multicast path).
#
# A run's time is from launching the receivers to the moment the last one exits; then every receiver's file is
# checked by sha256 against the image (a wrong or missing byte makes the run `ok=no`; it is printed, never
# dropped). Orchard's times include each agent's JVM start (the N JVMs share this machine's cores, which N real
# Macs do not); udpcast's include the sender's wait for --min-receivers. The contenders' order rotates per round
# and per (N, loss) cell, so a drift of the machine's load favours none.
#
# Fair options: both multicast senders are capped at MCAST_MBIT (default 90 % of RATE_MBIT; Orchard's
# `rate_mbit` counts IP+UDP headers, udpcast's --max-bitrate "including packet headers"). udpcast runs
#   udp-sender --file IMG --interface eth0 --nokbd --min-receivers N --max-wait MAX_WAIT --max-bitrate Mm
#              --nopointopoint --full-duplex --mcast-rdv-address 224.0.0.1   (no --fec: FEC off, its default; no --async)
#   udp-receiver --file OUT --interface eth0 --nokbd --mcast-rdv-address 224.0.0.1
# --nopointopoint keeps N=1 on multicast (so the loss rule applies to it as to the others); --full-duplex because
# veth links and switched ports are full duplex (the man page: half duplex costs ~10 %); the rendez-vous address
# on both sides because the sender announces on 224.0.0.1 while the receiver's default (broadcast, for TTL 1)
# never reached it in these namespaces (the receiver waited forever).
#
# Output, one line per run (none dropped), then per cell medians and the issue's ratios:
#   multicast-bench-info started=<date> commit=<sha>[-dirty] nproc=<n> load=<1,5,15> <knobs>
#   multicast-bench-run round=<r> contender=<c> macs=<N> loss=<%> seconds=<s> slowest=<receiver> ok=<yes|no>
#                       mcast_bytes=<n> repair_bytes=<n> fallbacks=<n> load=<1 min>    (bytes: Orchard multicast)
#                       recv_cpu_s=<s> server_cpu_s=<s> cpu_per_mac_s=<s>   (CPU user + system: the receivers
#                       summed, /usr/bin/time; the server or udp-sender during the run; receivers' over N)
#   multicast-bench median contender=<c> macs=<N> loss=<%> seconds=<s>
#   multicast-bench ratio mcast<N>/unicast1 loss=<%> = <x> (target <= 1.5)
#   multicast-bench ratio orchard-mcast/udpcast macs=<N> loss=<%> = <x> (target <= 1)
#
# Environment: MACS ("1 10 30"), LOSSES ("0 2"), ROUNDS (1), SIZE_MIB (128), RATE_MBIT (200),
# MCAST_MBIT (RATE_MBIT*9/10), MAX_WAIT (60: udp-sender's --max-wait), TARGETS (/dev/shm/orchard-mcast-bench:
# the receivers' files, in RAM so this VM's disk is not what is measured), CONTENDERS ("orchard-mcast
# orchard-unicast udpcast"), AGENT_JAVA_OPTS (-Xmx128m -XX:+UseSerialGC: the JIT as a Mac runs the agent, no
# flags; -XX:TieredStopAtLevel=1, which the tests use to start fast, leaves SHA-256 to C1 without the CPU's SHA
# instructions, ~3x slower: 30 Macs took 106.91 s with it vs 75.34 s without, 2026-12-05 at 928e4bf), UNICAST_LOSSES ("0": the loss rule drops only multicast UDP, so unicast runs once per N).
# Smoke run (proves the script works; the figures mean nothing): MACS="1 3" SIZE_MIB=32 ops/bench/multicast-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. ops/bench/bench-lib.sh
MACS=${MACS:-1 10 30}
LOSSES=${LOSSES:-0 2}
ROUNDS=${ROUNDS:-1}
SIZE_MIB=${SIZE_MIB:-128}
RATE_MBIT=${RATE_MBIT:-200}
MCAST_MBIT=${MCAST_MBIT:-$((RATE_MBIT * 9 / 10))}
MAX_WAIT=${MAX_WAIT:-60}
CONTENDERS=${CONTENDERS:-orchard-mcast orchard-unicast udpcast}
UNICAST_LOSSES=${UNICAST_LOSSES:-0}
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}
TARGETS=${TARGETS:-/dev/shm/orchard-mcast-bench}
OUT=$(realpath -m "${BENCH_OUT:-bench-out/multicast}")
JAR=$(realpath -m ops/target/orchard.jar)
AGENT=$(realpath -m agent/target/orchard-agent.jar)
GROUP=239.255.77.1
MPORT=7010
HTTP=8080
SRV=10.78.0.1
[ "$(id -u)" -eq 0 ] || { echo "multicast-bench: needs root (network namespaces, a bridge, tc, nftables)" >&2; exit 1; }
for tool in ip tc nft udp-sender udp-receiver curl sha256sum /usr/bin/time; do
  command -v "$tool" > /dev/null || scripts/install-test-deps.sh
  command -v "$tool" > /dev/null || { echo "multicast-bench: $tool is missing" >&2; exit 1; }
done
bench_jar ops ops/target/orchard.jar
bench_jar agent agent/target/orchard-agent.jar
max_n=0; for n in $MACS; do [ "$n" -gt "$max_n" ] && max_n=$n; done
[ "$max_n" -le 200 ] || { echo "multicast-bench: at most 200 receivers (one /24)" >&2; exit 1; }
need_kib=$(( (max_n + 1) * SIZE_MIB * 1024 ))
mkdir -p "$TARGETS" "$OUT"
[ "$(df --output=avail -k "$TARGETS" | tail -1)" -ge "$need_kib" ] || { echo "multicast-bench: $TARGETS needs $((need_kib >> 10)) MiB" >&2; exit 1; }

# ---- the server's files: a minimal NBI (serve needs one for its policy), the block image, the config ----
SETUP="$OUT/setup"
IMG="$SETUP/images/lab-base.img"
make_file() { # path bytes seed: deterministic pseudo-random bytes (AES-CTR keystream), rewritten when the size differs
  if [ ! -f "$1" ] || [ "$(stat -c %s "$1")" != "$2" ]; then
    mkdir -p "$(dirname "$1")"
    (set +o pipefail; openssl enc -aes-128-ctr -nosalt -pass "pass:$3" -pbkdf2 -in /dev/zero 2>/dev/null | head -c "$2") > "$1"
  fi
}
NBI="$SETUP/nbi/Bench Restore.nbi"
make_file "$NBI/i386/booter" 65536 booter
make_file "$NBI/i386/x86_64/kernelcache" 65536 kernelcache
make_file "$NBI/NetInstall.dmg" 65536 root
make_file "$IMG" $((SIZE_MIB << 20)) image
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
IMG_SHA=$(sha256sum "$IMG" | cut -d' ' -f1)
head -c 24 /dev/urandom | base64 > "$SETUP/admin-token"; chmod 600 "$SETUP/admin-token"
write_config() { # multicast on|off
  cat > "$SETUP/orchard.yaml" <<YAML
server:
  advertise_address: $SRV
  data_dir: data
  bsdp: {address: $SRV, port: 10067}
  tftp: {address: $SRV, port: 10069}
  http: {address: $SRV, port: $HTTP}
admin_token:
  file: admin-token
images:
  nbi_folders: [nbi]
  block_folder: images
  block:
    - {name: lab-base, file: lab-base.img, sha256: $IMG_SHA, size: $((SIZE_MIB << 20))}
policies:
  - name: everyone
    nbi: Bench Restore
    action: restore
    image: lab-base
YAML
  if [ "$1" = on ]; then
    cat >> "$SETUP/orchard.yaml" <<YAML
multicast:
  group: $GROUP
  port: $MPORT
  rate_mbit: $MCAST_MBIT
  idle_stop: 10s
  source: $SRV
  policies: [everyone]
YAML
  fi
}

# ---- the network: switch (bridge, IGMP snooping + querier), server (tbf), receivers r0..r(max_n-1) ----
ID=mb$$
SW=$ID-sw
nss=()
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for ns in "${nss[@]}"; do ip netns pids "$ns" 2> /dev/null | xargs -r kill -9 2> /dev/null || true; done
  for ns in "${nss[@]}"; do ip netns del "$ns" 2> /dev/null || true; done
  rm -rf "$TARGETS"
}
trap cleanup EXIT
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
mac() { printf '02:00:0a:4e:00:%02x' "$1"; }
ip netns add "$SW"; nss+=("$SW")
in_ns "$SW" ip link set lo up
in_ns "$SW" ip link add br0 type bridge
# a query response interval of 1 s (default 10): the bridge floods a group for that long after its querier
# starts, then turns selective, and a receiver whose membership it had not learned stalls (MulticastNetnsIT);
# a lab's switch has had its querier for long, so the first cell must not run through that change
in_ns "$SW" ip link set br0 type bridge mcast_query_response_interval 100
in_ns "$SW" ip link set br0 type bridge mcast_snooping 1 mcast_querier 1
in_ns "$SW" ip link set br0 up
add_host() { # name address [mac]
  local ns=$ID-$1 k=${#nss[@]}
  ip netns add "$ns"; nss+=("$ns")
  ip link add "${ID}h$k" type veth peer name "${ID}p$k"
  ip link set "${ID}h$k" netns "$SW"
  ip link set "${ID}p$k" netns "$ns"
  in_ns "$SW" ip link set "${ID}h$k" master br0
  in_ns "$SW" ip link set "${ID}h$k" up
  in_ns "$ns" ip link set lo up
  in_ns "$ns" ip link set "${ID}p$k" name eth0
  # the server admits a Mac's plan only from the address its network card has (ARP), so the card has the Mac's MAC
  [ -z "${3:-}" ] || in_ns "$ns" ip link set eth0 address "$3"
  in_ns "$ns" ip addr add "$2/24" dev eth0
  in_ns "$ns" ip link set eth0 up
  # the default route (to the segment) carries the multicast groups joined without an explicit interface
  in_ns "$ns" ip route add default dev eth0
}
add_host srv "$SRV"
in_ns "$ID-srv" tc qdisc add dev eth0 root tbf rate "${RATE_MBIT}mbit" burst 256kb latency 100ms
for i in $(seq 0 $((max_n - 1))); do add_host "r$i" "10.78.0.$((11 + i))" "$(mac "$i")"; done
set_loss() { # percent, on every receiver's input: multicast UDP only
  for i in $(seq 0 $((max_n - 1))); do
    in_ns "$ID-r$i" nft delete table inet mbloss 2> /dev/null || true
    [ "$1" = 0 ] || in_ns "$ID-r$i" nft "add table inet mbloss { chain input { type filter hook input priority 0; policy accept; ip daddr 224.0.0.0/4 meta l4proto udp numgen random mod 100 < $1 drop; }; }"
  done
}
sleep 2 # the bridge's ports leave their listening/learning states

now() { date +%s.%N; }
metric() { # text name: the sample's value, 0 when absent
  awk -v n="$2" '$1 == n { v = $2 } END { printf "%.0f", v + 0 }' <<< "$1"
}

server_pid=
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0; }
start_server() { # multicast on|off
  write_config "$1"
  rm -rf "$SETUP/data"
  (cd "$SETUP" && exec ip netns exec "$ID-srv" java -Xmx512m -jar "$JAR" serve --config "$SETUP/orchard.yaml" --unprivileged) \
    > "$OUT/server-$1.log" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
  for _ in $(seq 1 120); do
    in_ns "$ID-srv" curl -sf "http://$SRV:$HTTP/readyz" > /dev/null 2>&1 && break
    sleep 0.5
  done
  in_ns "$ID-srv" curl -sf "http://$SRV:$HTTP/readyz" > /dev/null || { echo "server did not start" >&2; cat "$OUT/server-$1.log" >&2; exit 1; }
  # the manifest is computed once, before the clock starts, as an admin's `image scan` would
  in_ns "$ID-srv" curl -sf -o /dev/null "http://$SRV:$HTTP/images/lab-base.img/manifest" || true
}
issue_tickets() { # n: one enrollment code per Mac (docs/agent-api.md, admission), before the clock starts
  local i code
  for i in $(seq 0 $(($1 - 1))); do
    code=$(in_ns "$ID-srv" curl -sf -H "Authorization: Bearer $(cat "$SETUP/admin-token")" -H 'Content-Type: application/json' \
      -d "{\"mac\":\"$(mac "$i")\"}" "http://$SRV:$HTTP/api/v1/admin/tickets" | sed -n 's/.*"code" *: *"\([^"]*\)".*/\1/p')
    [ -n "$code" ] || { echo "multicast-bench: no ticket for $(mac "$i")" >&2; exit 1; }
    echo "$code" > "$OUT/ticket-$i"
  done
}
stop_server() {
  kill "$server_pid" 2> /dev/null || true
  wait "$server_pid" 2> /dev/null || true
  server_pid=
}

# Launches one receiver per namespace (command from $1, a function taking the index), waits for all, prints
# "<seconds> <slowest receiver> <ok>" where ok says every file is sha256-identical to the image.
run_receivers() { # fn n
  local fn=$1 n=$2 t0 i ok=yes slowest=-1 last=0
  rm -rf "$TARGETS"; mkdir -p "$TARGETS"
  sync
  t0=$(now)
  for i in $(seq 0 $((n - 1))); do
    ( "$fn" "$i" > "$OUT/recv-$i.log" 2>&1; echo "$? $(now)" > "$TARGETS/done-$i" ) &
  done
  wait_all "$n"
  for i in $(seq 0 $((n - 1))); do
    read -r rc end < "$TARGETS/done-$i"
    if awk -v a="$end" -v b="$last" 'BEGIN { exit !(a > b) }'; then last=$end; slowest=$i; fi
    if [ "$rc" != 0 ] || [ "$(sha256sum < "$TARGETS/disk-$i.img" 2> /dev/null | cut -d' ' -f1)" != "$IMG_SHA" ]; then
      ok=no
      echo "receiver $i: exit $rc or wrong bytes; its log: $OUT/recv-$i.log" >&2
      cp "$OUT/recv-$i.log" "$OUT/failed-$(date +%s)-$i.log"
    fi
  done
  awk -v s="$t0" -v e="$last" -v w="r$slowest" -v ok="$ok" 'BEGIN { printf "%.2f %s %s ", e - s, w, ok }'
  # the receivers' CPU time, user + system, summed (/usr/bin/time around each)
  cat "$TARGETS"/cpu-* 2> /dev/null | awk '$1 ~ /^[0-9.]+$/ { s += $1 + $2 } END { printf "%.1f", s }'
}
wait_all() { # n: waits for the receivers' done files (the subshells are this shell's children)
  local n=$1
  while [ "$(find "$TARGETS" -maxdepth 1 -name 'done-*' | wc -l)" -lt "$n" ]; do sleep 0.2; done
}

orchard_agent() { # index
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U %S' -o "$TARGETS/cpu-$1" \
    ip netns exec "$ID-r$1" java $AGENT_JAVA_OPTS -jar "$AGENT" --server "http://$SRV:$HTTP" --mac "$(mac "$1")" \
    --ticket "$(cat "$OUT/ticket-$1")" --target "$TARGETS/disk-$1.img" --work "$TARGETS/work-$1" --backend generic \
    --reuse none --quiet
}
udpcast_receiver() { # index
  /usr/bin/time -f '%U %S' -o "$TARGETS/cpu-$1" \
    ip netns exec "$ID-r$1" udp-receiver --file "$TARGETS/disk-$1.img" --interface eth0 --nokbd --mcast-rdv-address 224.0.0.1
}

# One run; prints its row and appends "<contender> <n> <loss> <seconds>" to $OUT/times.
run_one() { # round contender n loss
  local round=$1 c=$2 n=$3 loss=$4 res m=0 r=0 fb=0 text srv_cpu=?
  set_loss "$loss"
  case $c in
    orchard-mcast|orchard-unicast)
      start_server "$([ "$c" = orchard-mcast ] && echo on || echo off)"
      issue_tickets "$n"
      local ticks0; ticks0=$(proc_ticks "$server_pid")
      res=$(run_receivers orchard_agent "$n")
      srv_cpu=$(awk -v a="$ticks0" -v b="$(proc_ticks "$server_pid")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz }')
      text=$(in_ns "$ID-srv" curl -sf "http://$SRV:$HTTP/metrics" || true)
      m=$(metric "$text" 'orchard_multicast_received_bytes_total{path="multicast"}')
      r=$(metric "$text" 'orchard_multicast_received_bytes_total{path="repair"}')
      fb=$(awk '$1 ~ /^orchard_multicast_fallbacks_total/ { s += $2 } END { printf "%.0f", s }' <<< "$text")
      stop_server
      ;;
    udpcast)
      /usr/bin/time -f '%U %S' -o "$OUT/sender-cpu" ip netns exec "$ID-srv" udp-sender --file "$IMG" --interface eth0 --nokbd --min-receivers "$n" \
        --max-wait "$MAX_WAIT" --max-bitrate "${MCAST_MBIT}m" --nopointopoint --full-duplex --mcast-rdv-address 224.0.0.1 \
        > "$OUT/udp-sender.log" 2>&1 &
      local sender=$!; pids+=("$sender")
      res=$(run_receivers udpcast_receiver "$n")
      wait "$sender" || echo "udp-sender exited $?; $OUT/udp-sender.log" >&2
      srv_cpu=$(awk '$1 ~ /^[0-9.]+$/ { printf "%.1f", $1 + $2 }' "$OUT/sender-cpu")
      ;;
  esac
  read -r secs slowest ok recv_cpu <<< "$res"
  echo "$c $n $loss $secs" >> "$OUT/times"
  echo "multicast-bench-run round=$round contender=$c macs=$n loss=$loss seconds=$secs slowest=$slowest ok=$ok" \
    "mcast_bytes=$m repair_bytes=$r fallbacks=$fb load=$(cut -d' ' -f1 /proc/loadavg) recv_cpu_s=$recv_cpu" \
    "server_cpu_s=$srv_cpu cpu_per_mac_s=$(awk -v c="$recv_cpu" -v n="$n" 'BEGIN { printf "%.2f", c / n }')"
}

bench_header multicast-bench "macs=\"$MACS\" losses=\"$LOSSES\" rounds=$ROUNDS size-mib=$SIZE_MIB rate-mbit=$RATE_MBIT" \
  "mcast-mbit=$MCAST_MBIT contenders=\"$CONTENDERS\" targets=$TARGETS udpcast=$(dpkg-query -W -f '${Version}' udpcast 2> /dev/null || echo unknown)"
: > "$OUT/times"
read -ra order <<< "$CONTENDERS"
cell=0
for round in $(seq 1 "$ROUNDS"); do
  for n in $MACS; do
    for loss in $LOSSES; do
      # rotate the contenders' order by one for every cell and round
      k=${#order[@]}
      for j in $(seq 0 $((k - 1))); do
        c=${order[$(((j + cell) % k))]}
        if [ "$c" = orchard-unicast ] && ! grep -qw -- "$loss" <<< "$UNICAST_LOSSES"; then continue; fi
        run_one "$round" "$c" "$n" "$loss"
      done
      cell=$((cell + 1))
    done
  done
done

med() { # contender n loss
  awk -v c="$1" -v n="$2" -v l="$3" '$1 == c && $2 == n && $3 == l { print $4 }' "$OUT/times" | bench_median
}
for c in $CONTENDERS; do
  for n in $MACS; do
    for loss in $LOSSES; do
      if [ "$c" = orchard-unicast ] && ! grep -qw -- "$loss" <<< "$UNICAST_LOSSES"; then continue; fi
      echo "multicast-bench median contender=$c macs=$n loss=$loss seconds=$(med "$c" "$n" "$loss")"
    done
  done
done
u1=$(med orchard-unicast 1 "${UNICAST_LOSSES%% *}")
for loss in $LOSSES; do
  for n in $MACS; do
    m=$(med orchard-mcast "$n" "$loss"); u=$(med udpcast "$n" "$loss")
    awk -v m="$m" -v u="$u1" -v n="$n" -v l="$loss" 'BEGIN { if (m != "n/a" && u != "n/a")
      printf "multicast-bench ratio mcast%d/unicast1 loss=%s = %.2f (target <= 1.5)\n", n, l, m / u }'
    awk -v m="$m" -v u="$u" -v n="$n" -v l="$loss" 'BEGIN { if (m != "n/a" && u != "n/a")
      printf "multicast-bench ratio orchard-mcast/udpcast macs=%d loss=%s = %.2f (target <= 1)\n", n, l, m / u }'
  done
done
bench_footer multicast-bench
