#!/usr/bin/env bash
# Fuzzes the C surface that sees untrusted XML (parse, scan, text, enveloped-signature verification) with libFuzzer
# and AddressSanitizer, starting from the SAML corpus. Usage: scripts/fuzz-saml.sh [SECONDS] (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build/fuzz
mkdir -p "$out/corpus"
cp Tests/GatehouseSAMLTests/Fixtures/corpus/*.xml "$out/corpus/" 2>/dev/null || true
defines=$(pkg-config --cflags xmlsec1-openssl)
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -ISources/XMLSecShim/include $defines \
  Sources/XMLSecShim/*.c Tests/Fuzz/saml_fuzz.c \
  $(pkg-config --libs xmlsec1-openssl) -lz -lpthread -o "$out/saml_fuzz"
GH_FUZZ_CERT=certs/idp-rsa.crt.pem ASAN_OPTIONS=detect_leaks=1 \
  "$out/saml_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 25
