#!/usr/bin/env bash
# Forward-auth benchmark: `GET /auth/check` with a valid session cookie (gatehouse demo, release build, SQLite) vs
# nginx serving a static `return 204`, both on loopback, measured in the same run with wrk at 64 connections.
# Target: gateway >= 50% of nginx's requests/s, p99 < 10 ms. Prints one JSON object with both figures and the ratio.
# Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64), GATEHOUSE_BENCH_BIN (.build/release/gatehouse).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
BIN=${GATEHOUSE_BENCH_BIN:-.build/release/gatehouse}
GW_PORT=18280; IDP_PORT=18289; NGINX_PORT=18290
WORK=$(mktemp -d)

[ -x .venv/bin/python ] || scripts/setup.sh >&2
command -v wrk >/dev/null || scripts/setup.sh >&2
if [ ! -x "$BIN" ]; then
  echo "bench: $BIN missing, building it (swift build -c release)" >&2
  swift build -c release --product gatehouse >&2
fi

cleanup() {
  [ -n "${GW_PID:-}" ] && kill "$GW_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill -QUIT "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

GATEHOUSE_LOG_LEVEL=error "$BIN" demo --port $GW_PORT --idp-port $IDP_PORT --database "$WORK/bench.sqlite" >"$WORK/demo.log" 2>&1 &
GW_PID=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$GW_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

mkdir -p "$WORK/logs"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/b; proxy_temp_path $WORK/p; fastcgi_temp_path $WORK/f; uwsgi_temp_path $WORK/u; scgi_temp_path $WORK/s;
  server { listen 127.0.0.1:$NGINX_PORT; location = /static204 { return 204; } }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf"
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT/static204" >/dev/null 2>&1 && break; sleep 0.1; done

COOKIE=$(.venv/bin/python scripts/bench/gateway_session.py "http://127.0.0.1:$GW_PORT")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$GW_PORT/auth/check")
[ "$code" = 200 ] || { echo "bench: /auth/check with the session answered $code" >&2; exit 1; }

run_wrk() { wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" 2>&1; }
gw=$(run_wrk -H "Cookie: $COOKIE" "http://127.0.0.1:$GW_PORT/auth/check")
ng=$(run_wrk "http://127.0.0.1:$NGINX_PORT/static204")
.venv/bin/python - "$gw" "$ng" "$CONNS" <<'PY'
import json, re, sys
def parse(text):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def ms(label):
        m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % label, text)
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else (v * 1000 if unit == "s" else v)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"requests_per_s": rps, "p50_ms": ms("50"), "p99_ms": ms("99"), "non_2xx": int(errors.group(1)) if errors else 0}
gw, ng = parse(sys.argv[1]), parse(sys.argv[2])
ratio = gw["requests_per_s"] / ng["requests_per_s"]
print(json.dumps({"connections": int(sys.argv[3]), "gatehouse_auth_check": gw, "nginx_static_204": ng,
                  "ratio": round(ratio, 3), "target_ratio": 0.5, "target_p99_ms": 10,
                  "ratio_met": ratio >= 0.5, "p99_met": gw["p99_ms"] < 10}, indent=2))
PY
