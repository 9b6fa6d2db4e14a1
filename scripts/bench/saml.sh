#!/usr/bin/env bash
# SAML validation benchmark, one run, everything pinned to one core (taskset -c 0):
#   gatehouse bench saml (release build) vs python3-saml full validation vs `openssl speed rsa2048` verify/s,
# all on the same fresh ~5 KB RSA-2048/SHA-256 response (assertion signed, 5 attributes, current times).
# Prints one JSON object:
#   {"gatehouse": {"validationsPerSecond": …}, "python3saml": {"validationsPerSecond": …},
#    "opensslRSA2048VerifyPerSecond": …, "ratioVsPython3Saml": …, "ratioVsOpenSSL": …}
# Environment: BENCH_SECONDS (default 5) per measurement; GATEHOUSE_BENCH_BIN to use another binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${BENCH_SECONDS:-5}
BIN=${GATEHOUSE_BENCH_BIN:-.build/release/gatehouse}
CORE=${BENCH_CORE:-0}

[ -x .venv/bin/python ] || scripts/setup.sh >&2
if [ ! -x "$BIN" ]; then
  echo "bench: $BIN missing, building it (swift build -c release)" >&2
  swift build -c release --product gatehouse >&2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
.venv/bin/python scripts/bench/saml_bench.py fixture "$TMP" >&2

gh=$(taskset -c "$CORE" "$BIN" bench saml "$TMP/response.b64" --idp-metadata "$TMP/idp.xml" \
       --sp-entity-id https://sp.gatehouse.test/saml/metadata --acs-url https://sp.gatehouse.test/saml/acs \
       --in-response-to "$(cat "$TMP/request-id")" --seconds "$SECS")
py=$(taskset -c "$CORE" .venv/bin/python -W ignore scripts/bench/saml_bench.py python3saml "$TMP" "$SECS")
# openssl speed prints a header "sign verify sign/s verify/s" and a line "rsa 2048 bits …": take verify/s.
ossl=$(taskset -c "$CORE" openssl speed -seconds 3 rsa2048 2>/dev/null | awk '
  /sign\/s/ { for (i = 1; i <= NF; i++) if ($i == "verify/s") col = i }
  /^rsa 2048 bits/ { print $(col + 3) }')
.venv/bin/python scripts/bench/saml_bench.py report "$gh" "$py" "$ossl"
