#!/usr/bin/env bash
# Installs the real peers the test suite talks to, when they are missing (Debian 12).
# CI runs as root on a clean machine; a developer without root gets a list of what is missing,
# and the tests that need those peers skip with a clear reason.
set -euo pipefail

# binary -> Debian package
declare -A PEERS=(
  [tftp]=tftp-hpa            # tftp-hpa client
  [atftp]=atftp
  [busybox]=busybox
  [curl]=curl
  [wget]=wget
  [aria2c]=aria2
  [nginx]=nginx-light        # HTTP comparison peer (run in the foreground by the tests, never as a daemon)
  [tshark]=tshark            # independent BSDP decoder
  [ip]=iproute2              # network namespaces, veth, bridges
  [iptables]=iptables        # packet loss in namespaces (this kernel has no sch_netem)
  [nft]=nftables
  [openssl]=openssl          # test certificates for the HTTPS listener (http-images TlsIT)
  [chromium]=chromium        # headless browser for the lab page tests (ops LabPageBrowserIT, DevTools protocol)
  [udp-sender]=udpcast       # multicast comparison peer (ops/bench/multicast-bench.sh; not used by the tests)
  [/usr/bin/time]=time       # the multicast bench's CPU figures (not used by the tests)
)

missing=()
for bin in "${!PEERS[@]}"; do
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ] && [ ! -x "/sbin/$bin" ]; then
    missing+=("${PEERS[$bin]}")
  fi
done
# the tftp on PATH must be tftp-hpa's (other tftp clients take different arguments)
if command -v tftp >/dev/null 2>&1 && ! dpkg -s tftp-hpa >/dev/null 2>&1; then
  missing+=(tftp-hpa)
fi
# the system python: webhook signatures are checked with its hmac module (ops WebhookDeliveryIT, WebhookRestartIT)
if [ ! -x /usr/bin/python3 ]; then
  missing+=(python3)
fi
# scapy for the system python (the independent BSDP client)
if ! /usr/bin/python3 -c 'import scapy.all' >/dev/null 2>&1; then
  missing+=(python3-scapy)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "test peers: all present"
  exit 0
fi

readarray -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "test peers missing (tests needing them will skip): ${missing[*]}"
  echo "install with: sudo apt-get install -y ${missing[*]}"
  exit 0
fi

echo "installing test peers: ${missing[*]}"
# No package may start a daemon (nginx would take port 80): the tests run peers in the foreground.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# a packaged nginx may still have been started by its postinst on some systems; the tests need port 80 free of it
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
pkill -x nginx >/dev/null 2>&1 || true
echo "test peers installed"
