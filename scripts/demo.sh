#!/usr/bin/env bash
# The README's first command: set everything up on a fresh machine, build, and run the main job.
# The main job is `gatehouse demo`: the gateway, the TEST-ONLY mock IdP and an embedded SQLite database in one
# process, with config/gatehouse.yaml, on http://127.0.0.1:8080 (loopback only). Ctrl-C stops it.
# `scripts/demo.sh --saml-verify` instead shows the SAML core alone: a response signed by libxmlsec1 (python-xmlsec)
# accepted by `gatehouse saml verify`, the same response with one signed character changed rejected.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "demo: building (swift build; the first build takes a few minutes)"
swift build --product gatehouse 2>&1 | grep -E "error|warning: unre|Compiling gatehouse|Build complete" || true
BIN=.build/debug/gatehouse
[ -x "$BIN" ] || { echo "demo: build failed" >&2; exit 1; }

if [ "${1:-}" != "--saml-verify" ]; then
  exec "$BIN" demo "$@"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python scripts/bench/saml_bench.py fixture "$work" >/dev/null
request=$(cat "$work/request-id")
args=(--idp-metadata "$work/idp.xml" --sp-entity-id https://sp.gatehouse.test/saml/metadata
      --acs-url https://sp.gatehouse.test/saml/acs --in-response-to "$request")

echo
echo "== 1. A response signed by the IdP (RSA-SHA256, assertion signed), as a browser posts it =="
echo "\$ gatehouse saml verify response.b64 --idp-metadata idp.xml --sp-entity-id … --acs-url … --in-response-to $request"
"$BIN" saml verify "$work/response.b64" "${args[@]}" | .venv/bin/python -m json.tool

echo
echo "== 2. The same response with one character of the NameID changed after signing =="
base64 -d "$work/response.b64" | sed 's/alice@/alicf@/' > "$work/tampered.xml"
set +e
"$BIN" saml verify "$work/tampered.xml" "${args[@]}" | .venv/bin/python -m json.tool
code=${PIPESTATUS[0]}
set -e
echo "exit code $code (1 = rejected)"

echo
echo "== 3. The IdP's metadata as Gatehouse sees it =="
"$BIN" saml metadata --idp-metadata "$work/idp.xml" | .venv/bin/python -m json.tool | head -30
