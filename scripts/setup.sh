#!/usr/bin/env bash
# Installs everything Gatehouse needs on a fresh Debian machine of this kind: system packages and the Python
# interop peers (in a venv the project creates at .venv, git-ignored). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pkg-config libxml2-dev libxmlsec1-dev libssl-dev libsqlite3-dev   # build: XMLSecShim, SQLite
  libc-ares-dev                                                     # build: CResolvShim (DNS queries; libresolv is in libc6-dev)
  xmlsec1                                                           # interop peer: XML-DSig CLI
  postgresql                                                        # PostgreSQL backend tests
  dnsmasq                                                           # DNS server for domain verification tests
  nginx chromium chromium-driver                                    # gateway: auth_request front, real browser
  wrk hyperfine                                                     # benchmarks
)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts services on install; the project starts its own on loopback, on its own ports.
for s in nginx dnsmasq postgresql; do service "$s" stop >/dev/null 2>&1 || true; done

PY_PINS=(pysaml2==7.5.5 python3-saml==1.16.0 xmlsec==1.3.17 lxml==6.1.3 signxml==5.2.0 cryptography==50.0.2
         joserfc==1.8.0 PyJWT==2.15.1 scim2-tester==0.5.2 scim2-cli==0.6.0 scim2-server==0.8.3 selenium==4.51.0
         dnspython==2.9.2 pytest==9.0.3 PyYAML==6.0.3 requests==2.34.2)
stamp=".venv/.gatehouse-pins"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "${PY_PINS[*]}" ]; then
  echo "setup: creating .venv with the interop peers"
  python3 -m venv .venv
  .venv/bin/pip install -q -U pip wheel
  .venv/bin/pip install -q "${PY_PINS[@]}"
  echo "${PY_PINS[*]}" > "$stamp"
fi
echo "setup: done"
