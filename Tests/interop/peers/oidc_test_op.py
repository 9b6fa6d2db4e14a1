"""A small, real OpenID Provider for Gatehouse's relying-party tests (TEST ONLY).

Serves discovery, JWKS, authorize (auto-consent, no login page), token and userinfo over HTTP on 127.0.0.1 with an
OS-chosen port. ID tokens are signed by joserfc. On start it prints one JSON line on stdout:
    {"issuer": "http://127.0.0.1:PORT", "port": PORT, "client_id": ..., "client_secret": ...}
and serves until killed (or until stdin closes, so a crashed test never leaves it behind).

Knobs, all per authorization request (query parameters the RP passes through, e.g. login_hint):
    login_hint=deny          -> redirect back with error=access_denied
    login_hint=server_error  -> redirect back with error=server_error
    login_hint=wrong_nonce   -> ID token with another nonce
    login_hint=overage       -> ID token with Entra-style groups overage (_claim_names/_claim_sources)
The token endpoint checks the client (client_secret_basic or client_secret_post), the code (single use), the
redirect_uri, and PKCE S256. Any GET under /hang/ never answers (timeouts). GET /_test/last_auth_method tells which client authentication the RP used;
POST /_test/rotate makes a new signing key (new kid) and keeps the old one in the JWKS; POST /_test/client_jwks
(body: a JWKS) registers the client's public keys for private_key_jwt.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from joserfc.jwt import JWTClaimsRegistry

CLIENT_ID = "gatehouse-test"
CLIENT_SECRET = "s3cr3t:with/special+chars&more"


class OP:
    def __init__(self) -> None:
        self.issuer = ""
        self.keys = [self._new_key("op-rsa-1")]
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, str] = {}
        self.last_auth_method = None
        self.client_jwks = None
        self.used_jtis: set[str] = set()
        self.lock = threading.Lock()

    @staticmethod
    def _new_key(kid: str) -> RSAKey:
        return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})

    def rotate(self) -> str:
        with self.lock:
            kid = f"op-rsa-{len(self.keys) + 1}"
            self.keys.append(self._new_key(kid))
            return kid

    def jwks(self) -> dict:
        return KeySet(self.keys).as_dict(private=False)

    def sign_id_token(self, claims: dict) -> str:
        key = self.keys[-1]
        return jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_handler(op: OP):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _json(self, status: int, body: dict, headers: dict | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            if url.path.startswith("/hang/"):  # an IdP that accepts the connection and never answers
                time.sleep(60)
                return
            if url.path == "/.well-known/openid-configuration":
                self._json(200, {
                    "issuer": op.issuer,
                    "authorization_endpoint": op.issuer + "/authorize",
                    "token_endpoint": op.issuer + "/token",
                    "jwks_uri": op.issuer + "/jwks",
                    "userinfo_endpoint": op.issuer + "/userinfo",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                }, {"Cache-Control": "public, max-age=3600"})
            elif url.path == "/jwks":
                self._json(200, op.jwks(), {"Cache-Control": "public, max-age=300"})
            elif url.path == "/authorize":
                self._authorize(q)
            elif url.path == "/userinfo":
                auth = self.headers.get("Authorization", "")
                sub = op.access_tokens.get(auth.removeprefix("Bearer "))
                if not sub:
                    self._json(401, {"error": "invalid_token"})
                else:
                    self._json(200, {"sub": sub, "email": "ada@example.com", "name": "Ada Lovelace"})
            elif url.path == "/_test/last_auth_method":
                self._json(200, {"method": op.last_auth_method})
            else:
                self._json(404, {"error": "not_found"})

        def _authorize(self, q: dict) -> None:
            redirect_uri = q.get("redirect_uri", "")
            if q.get("client_id") != CLIENT_ID or not redirect_uri.startswith("http"):
                self._json(400, {"error": "invalid_request", "error_description": "unknown client or redirect_uri"})
                return
            state = q.get("state", "")
            hint = q.get("login_hint", "")
            if hint in ("deny", "server_error"):
                error = "access_denied" if hint == "deny" else "server_error"
                params = {"error": error, "error_description": "test OP: " + hint, "state": state}
                self._redirect(redirect_uri + "?" + urllib.parse.urlencode(params))
                return
            if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
                params = {"error": "invalid_request", "error_description": "code flow with PKCE S256 required", "state": state}
                self._redirect(redirect_uri + "?" + urllib.parse.urlencode(params))
                return
            code = secrets.token_urlsafe(24)
            with op.lock:
                op.codes[code] = {"redirect_uri": redirect_uri, "challenge": q["code_challenge"], "nonce": q.get("nonce"),
                                  "hint": hint, "auth_time": int(time.time())}
            self._redirect(redirect_uri + "?" + urllib.parse.urlencode({"code": code, "state": state}))

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            self._raw_body = self.rfile.read(length).decode()
            form = dict(urllib.parse.parse_qsl(self._raw_body))
            if url.path == "/_test/rotate":
                self._json(200, {"kid": op.rotate()})
            elif url.path == "/_test/client_jwks":
                op.client_jwks = KeySet.import_key_set(json.loads(self._raw_body))
                self._json(200, {"registered": len(op.client_jwks.keys)})
            elif url.path == "/token":
                self._token(form)
            else:
                self._json(404, {"error": "not_found"})

        def _client_auth(self, form: dict) -> str | None:
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                raw = base64.b64decode(auth[6:]).decode()
                cid, _, secret = raw.partition(":")
                cid, secret = urllib.parse.unquote_plus(cid), urllib.parse.unquote_plus(secret)
                return "client_secret_basic" if (cid, secret) == (CLIENT_ID, CLIENT_SECRET) else None
            if form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET:
                return "client_secret_post"
            if form.get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" and op.client_jwks:
                try:
                    token = jwt.decode(form.get("client_assertion", ""), op.client_jwks, algorithms=["RS256", "ES256"])
                    JWTClaimsRegistry(iss={"essential": True, "value": CLIENT_ID}, sub={"essential": True, "value": CLIENT_ID},
                                      aud={"essential": True, "value": op.issuer + "/token"},
                                      jti={"essential": True}).validate(token.claims)
                except Exception:  # noqa: BLE001 - any failure is invalid_client
                    return None
                if token.claims["jti"] in op.used_jtis:
                    return None
                op.used_jtis.add(token.claims["jti"])
                return "private_key_jwt"
            return None

        def _token(self, form: dict) -> None:
            method = self._client_auth(form)
            if not method:
                self._json(401, {"error": "invalid_client", "error_description": "client authentication failed"})
                return
            op.last_auth_method = method
            with op.lock:
                grant = op.codes.pop(form.get("code", ""), None)  # single use
            if form.get("grant_type") != "authorization_code" or grant is None:
                self._json(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
                return
            if form.get("redirect_uri") != grant["redirect_uri"]:
                self._json(400, {"error": "invalid_grant", "error_description": "redirect_uri mismatch"})
                return
            verifier = form.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
                return
            access_token = secrets.token_urlsafe(32)
            now = int(time.time())
            claims = {
                "iss": op.issuer, "sub": "user-ada", "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                "nonce": grant["nonce"], "auth_time": grant["auth_time"], "email": "ada@example.com",
                "at_hash": b64url(hashlib.sha256(access_token.encode()).digest()[:16]),
                "groups": ["staff", "engineering"],
            }
            if grant["hint"] == "wrong_nonce":
                claims["nonce"] = "not-the-stored-nonce"
            if grant["hint"] == "overage":
                del claims["groups"]
                claims["_claim_names"] = {"groups": "src1"}
                claims["_claim_sources"] = {"src1": {"endpoint": "https://graph.microsoft.com/v1.0/users/x/getMemberObjects"}}
            op.access_tokens[access_token] = claims["sub"]
            self._json(200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
                             "id_token": op.sign_id_token(claims)}, {"Cache-Control": "no-store"})

    return Handler


def main() -> None:
    op = OP()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(op))
    port = server.server_address[1]
    op.issuer = f"http://127.0.0.1:{port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"issuer": op.issuer, "port": port, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}), flush=True)
    sys.stdin.read()  # until the parent closes stdin or exits
    server.shutdown()


if __name__ == "__main__":
    main()
