#!/usr/bin/env bash
# The README's test command and what CI runs: set everything up, start the real servers the tests need on
# loopback (scripts/services/*.sh), run the Swift tests and the Python interop tests, stop the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

scripts/setup.sh

export GATEHOUSE_TEST_RUNDIR="$ROOT/.build/test-run"
rm -rf "$GATEHOUSE_TEST_RUNDIR"; mkdir -p "$GATEHOUSE_TEST_RUNDIR"

# Each scripts/services/NAME.sh defines service_NAME_start and service_NAME_stop; start exports the environment
# variables its tests read (GATEHOUSE_TEST_POSTGRES_URL, GATEHOUSE_TEST_DNS, …).
started=()
stop_all() {
  for ((i=${#started[@]}-1; i>=0; i--)); do "service_${started[i]}_stop" || true; done
}
trap stop_all EXIT
for f in scripts/services/*.sh; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .sh)
  # shellcheck source=/dev/null
  source "$f"
  "service_${name}_start"
  started+=("$name")
done

echo "test: building"
swift build --build-tests

status=0
echo "test: swift test"
set +e
swift test --skip-build 2>&1 | tee "$GATEHOUSE_TEST_RUNDIR/swift-test.log" | grep -Ev '^◇|^✔ (Test .*\) passed after|Suite )'
swift_status=${PIPESTATUS[0]}
set -e
[ "$swift_status" -eq 0 ] || status=1

echo "test: fuzz smoke (libFuzzer + ASan over the XML/signature C surface, 30 s)"
if ! scripts/fuzz-saml.sh 30; then status=1; fi

echo "test: interop (Python peers)"
export GATEHOUSE_BIN="$ROOT/.build/debug/gatehouse"
set +e
.venv/bin/python -m pytest -q Tests/interop
py=$?
set -e
[ $py -eq 0 ] || status=1

exit $status
