#!/usr/bin/env bash
# OIDC ID-token validation benchmark, one run, everything pinned to one core (taskset -c 0):
#   gatehouse bench oidc (release build; RS256 and ES256, JWKS in memory) vs PyJWT decode+verify on tokens of the
#   same shape vs `openssl speed rsa2048` and `ecdsap256` verify/s.
# Prints one JSON object with the figures and the ratios (targets: >= 3x PyJWT; RS256 >= 0.6x openssl rsa2048 verify).
# Environment: BENCH_SECONDS (default 5) per measurement; GATEHOUSE_BENCH_BIN to use another binary; BENCH_CORE (0).
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

gh=$(taskset -c "$CORE" "$BIN" bench oidc --seconds "$SECS")
py=$(taskset -c "$CORE" .venv/bin/python -W ignore scripts/bench/oidc_bench.py pyjwt "$SECS")
# openssl speed prints a header "sign verify sign/s verify/s" and a result line per key: take verify/s.
ossl_verify() {
  taskset -c "$CORE" openssl speed -seconds 3 "$1" 2>/dev/null | awk -v pat="$2" '
    /sign\/s/ { for (i = 1; i <= NF; i++) if ($i == "verify/s") col = i }
    $0 ~ pat { print $(NF) }'
}
ossl_rsa=$(ossl_verify rsa2048 "^rsa 2048 bits")
ossl_p256=$(ossl_verify ecdsap256 "^ *256 bits ecdsa")
.venv/bin/python scripts/bench/oidc_bench.py report "$gh" "$py" "$ossl_rsa" "$ossl_p256"
