"""Helpers for the mock IdP interop tests: start `gatehouse mock-idp`, drive logins over its HTTP driver, and
judge its output with real peers (python3-saml and pysaml2 as SPs, PyJWT and joserfc for ID tokens).
No Gatehouse code is imported; the mock is reached over HTTP only."""
from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from peers.saml import ACS_URL, CERTS, SP_ENTITY_ID

CLIENT_ID = "interop-rp"
CLIENT_SECRET = "interop-secret"
REDIRECT_URI = "https://rp.gatehouse.test/cb"


class MockIdP:
    """A running `gatehouse mock-idp` on 127.0.0.1, port chosen by the OS; stopped by PID."""

    def __init__(self, command: list[str], extra: list[str] | None = None) -> None:
        args = command + ["--port", "0", "--certs", str(CERTS), "--sp", f"{SP_ENTITY_ID}={ACS_URL}",
                          "--client", f"{CLIENT_ID}:{CLIENT_SECRET}:{REDIRECT_URI}"] + (extra or [])
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()  # the JSON line printed once the server listens (after log lines)
        while line and not line.startswith("{"):
            line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            raise RuntimeError(f"mock-idp did not start: {err[:500]}")
        self.info = json.loads(line)
        self.base = self.info["base_url"]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    # ---- HTTP
    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post_json(self, path: str, body: dict) -> tuple[int, dict]:
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def post_form(self, path: str, form: dict, headers: dict | None = None) -> tuple[int, dict]:
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(form).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
                                     method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def metadata(self, tenant: str = "default") -> str:
        status, body = self.get(f"/saml/{tenant}/metadata")
        assert status == 200, body[:200]
        return body.decode()

    # ---- Driver
    def saml_response(self, scenario: str = "", user: str = "alice", tenant: str = "default") -> bytes:
        status, out = self.post_json(f"/driver/saml/{tenant}/login", {"user": user, "sp": SP_ENTITY_ID, "scenario": scenario})
        assert status == 200, out
        return base64.b64decode(out["saml_response"])

    def id_token(self, scenario: str = "", user: str = "alice", tenant: str = "default", nonce: str = "n-1") -> str:
        import hashlib
        verifier = base64.urlsafe_b64encode(os.urandom(40)).rstrip(b"=").decode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        status, out = self.post_json(f"/driver/oidc/{tenant}/login", {
            "user": user, "scenario": scenario, "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
            "response_type": "code", "scope": "openid email profile", "state": "s-1", "nonce": nonce,
            "code_challenge": challenge, "code_challenge_method": "S256"})
        assert status == 200, out
        q = urllib.parse.parse_qs(urllib.parse.urlparse(out["redirect"]).query)
        assert "code" in q, out
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        status, tok = self.post_form(f"/oidc/{tenant}/token", {
            "grant_type": "authorization_code", "code": q["code"][0], "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier}, headers={"Authorization": f"Basic {basic}"})
        assert status == 200, tok
        return tok["id_token"]

    def jwks(self, tenant: str = "default") -> dict:
        status, body = self.get(f"/oidc/{tenant}/jwks")
        assert status == 200
        return json.loads(body)


def mock_command(gatehouse_bin: str) -> list[str]:
    """`gatehouse mock-idp`, or a stand-alone dev binary named by $GATEHOUSE_MOCKIDP_BIN (no subcommand)."""
    dev = os.environ.get("GATEHOUSE_MOCKIDP_BIN")
    return [dev] if dev else [gatehouse_bin, "mock-idp"]


def pysaml2_sp_verdict(response_xml: bytes, idp_metadata: str, *, want_assertions_signed=True,
                       want_response_signed=False) -> tuple[bool, str]:
    """(accepted, detail) from a real pysaml2 SP (Saml2Client.parse_authn_request_response), unsolicited allowed."""
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client
    from saml2.config import SPConfig
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "idp.xml"
        md.write_text(idp_metadata)
        conf = SPConfig()
        conf.load({
            "entityid": SP_ENTITY_ID, "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {"local": [str(md)]}, "allow_unknown_attributes": True,
            "service": {"sp": {
                "endpoints": {"assertion_consumer_service": [(ACS_URL, BINDING_HTTP_POST)]},
                "allow_unsolicited": True, "want_assertions_signed": want_assertions_signed,
                "want_response_signed": want_response_signed, "authn_requests_signed": False,
            }},
        })
        client = Saml2Client(config=conf)
        try:
            resp = client.parse_authn_request_response(base64.b64encode(response_xml).decode(), BINDING_HTTP_POST,
                                                       outstanding={})
        except Exception as e:  # pysaml2 raises on every rejection
            return False, f"{type(e).__name__}: {e}"[:200]
        if resp is None:
            return False, "no response"
        return True, str(resp.name_id.text if resp.name_id is not None else "")


def pyjwt_verdict(token: str, jwks: dict, *, audience: str = CLIENT_ID, issuer: str) -> tuple[bool, str]:
    import jwt
    try:
        header = jwt.get_unverified_header(token)
        keyset = jwt.PyJWKSet.from_dict(jwks)
        key = next((k for k in keyset.keys if k.key_id == header.get("kid")), None)
        if key is None:
            return False, f"kid {header.get('kid')} not in JWKS"
        claims = jwt.decode(token, key=key, algorithms=["RS256", "ES256"], audience=audience, issuer=issuer)
        return True, claims["sub"]
    except Exception as e:
        return False, f"{type(e).__name__}: {e}"[:200]


def joserfc_verdict(token: str, jwks: dict, *, audience: str = CLIENT_ID, issuer: str) -> tuple[bool, str]:
    from joserfc import jwt as jjwt
    from joserfc.jwk import KeySet
    try:
        tok = jjwt.decode(token, KeySet.import_key_set(jwks), algorithms=["RS256", "ES256"])
        registry = jjwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer},
                                          aud={"essential": True, "value": audience})
        registry.validate(tok.claims)
        return True, tok.claims["sub"]
    except Exception as e:
        return False, f"{type(e).__name__}: {e}"[:200]
