# DNS servers for the domain verification tests (sourced by scripts/test.sh; also usable by hand:
#   source scripts/services/dns.sh && service_dns_start … service_dns_stop).
# All on 127.0.0.1, fixed high ports, zone data from Tests/GatehouseDomainsTests/Zones:
#   15353 resolver   dnsmasq, caching, forwards gh.test to ns1 and dyn.test to the tests' own dynamic server
#   15354 validator  dnsmasq with DNSSEC: sf.test is unsigned but has a trust anchor → SERVFAIL
#   15355 ns1        dnsmasq authoritative for gh.test (+ bench.gh.test: 10,000 benchmark records)
#   15356 ns2        dnsmasq authoritative for gh.test, differing at disagree.gh.test
#   15357 blackhole  a UDP socket that never answers (timeouts)
#   15358            reserved: tests start their own dnsmasq there (zone dyn.test) to change records mid-test
#   15359            nothing listens (unreachable)
#   15360 caching    dnsmasq caching TXT answers (stale-cache tests), forwards dyn.test to 15358

_dns_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

service_dns_start() {
  local root zones dir pids
  root=$(_dns_root)
  zones="$root/Tests/GatehouseDomainsTests/Zones"
  dir="${GATEHOUSE_TEST_RUNDIR:-$root/.build/test-run}/dns"
  mkdir -p "$dir"
  command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || { echo "dns: dnsmasq not installed" >&2; return 1; }
  local dnsmasq; dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)

  # 10,000 benchmark domains: _gatehouse-challenge.dI.bench.gh.test = gatehouse-domain-verification=benchtokenI
  : > "$dir/bench.conf"
  for ((i = 0; i < 10000; i++)); do
    echo "txt-record=_gatehouse-challenge.d$i.bench.gh.test,gatehouse-domain-verification=benchtoken$i"
  done >> "$dir/bench.conf"

  local common=(--no-resolv --no-hosts --listen-address=127.0.0.1 --bind-interfaces --log-facility="$dir/dnsmasq.log")
  # As root, dnsmasq would switch to its own user, which cannot write the log in the run directory.
  [ "$(id -u)" = 0 ] && common+=(--user=root --group=root)
  "$dnsmasq" "${common[@]}" --port=15355 --pid-file="$dir/ns1.pid" --auth-server=ns1.gh.test,127.0.0.1 \
    --conf-file="$zones/gh.test.conf" --conf-file="$zones/ns1-only.conf" --conf-file="$dir/bench.conf" || return 1
  "$dnsmasq" "${common[@]}" --port=15356 --pid-file="$dir/ns2.pid" --auth-server=ns1.gh.test,127.0.0.1 \
    --conf-file="$zones/gh.test.conf" --conf-file="$zones/ns2-only.conf" --conf-file="$dir/bench.conf" || return 1
  "$dnsmasq" "${common[@]}" --port=15353 --pid-file="$dir/resolver.pid" --cache-size=20000 \
    --server=/gh.test/127.0.0.1#15355 --server=/dyn.test/127.0.0.1#15358 || return 1
  # Caches TXT answers too (dnsmasq 2.90's --cache-rr answers CNAME-then-TXT chains wrongly, hence its own instance).
  "$dnsmasq" "${common[@]}" --port=15360 --pid-file="$dir/caching.pid" --cache-rr=TXT \
    --server=/dyn.test/127.0.0.1#15358 || return 1
  "$dnsmasq" "${common[@]}" --port=15354 --pid-file="$dir/validator.pid" --dnssec \
    --conf-file=/usr/share/dnsmasq-base/trust-anchors.conf \
    --trust-anchor=sf.test,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D \
    --server=/sf.test/127.0.0.1#15355 || return 1
  python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 15357))
while True: time.sleep(3600)' &
  echo $! > "$dir/blackhole.pid"

  # Ready when the resolver answers a record of ns1 (dnsmasq reads 10,000 records in well under a second).
  local ok=0
  for _ in $(seq 1 50); do
    if python3 - <<'PY' 2>/dev/null
import socket, struct
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"\x02ok\x02gh\x04test\x00" + struct.pack(">HH", 1, 1)
for port in (15353, 15354, 15355, 15356):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2); s.sendto(q, ("127.0.0.1", port)); s.recv(512)
PY
    then ok=1; break; fi
    sleep 0.1
  done
  [ "$ok" = 1 ] || { echo "dns: servers did not come up (see $dir/dnsmasq.log)" >&2; return 1; }

  export GATEHOUSE_TEST_DNS=127.0.0.1:15353
  export GATEHOUSE_TEST_DNS_VALIDATOR=127.0.0.1:15354
  export GATEHOUSE_TEST_DNS_NS1=127.0.0.1:15355
  export GATEHOUSE_TEST_DNS_NS2=127.0.0.1:15356
  export GATEHOUSE_TEST_DNS_BLACKHOLE=127.0.0.1:15357
  export GATEHOUSE_TEST_DNS_DYNAMIC=127.0.0.1:15358
  export GATEHOUSE_TEST_DNS_UNREACHABLE=127.0.0.1:15359
  export GATEHOUSE_TEST_DNS_CACHING=127.0.0.1:15360
  export GATEHOUSE_TEST_DNSMASQ="$dnsmasq"
  echo "dns: resolver $GATEHOUSE_TEST_DNS, ns1 $GATEHOUSE_TEST_DNS_NS1, ns2 $GATEHOUSE_TEST_DNS_NS2"
}

service_dns_stop() {
  local root dir
  root=$(_dns_root)
  dir="${GATEHOUSE_TEST_RUNDIR:-$root/.build/test-run}/dns"
  for name in resolver caching validator ns1 ns2 blackhole; do
    if [ -f "$dir/$name.pid" ]; then
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    fi
  done
}
