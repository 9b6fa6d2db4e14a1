"""ID tokens and JWKS made by the Python peers (joserfc, PyJWT) for `gatehouse oidc verify` interop tests.

TEST ONLY. Keys are generated per session; times are real (fixtures expire, so tokens are made during the run).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings

import jwt as pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, KeySet, OKPKey, RSAKey

ISSUER = "https://idp.interop.example/tenant/v2.0"
CLIENT_ID = "gatehouse-interop"
NONCE = "n-interop-8a7f"
ALGORITHMS = ["RS256", "ES256", "PS256", "EdDSA"]
JOSERFC_ONLY = ["Ed25519"]  # RFC 9864's fully-specified name; PyJWT 2.15 does not know it


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**overrides) -> dict:
    now = int(time.time())
    base = {"iss": ISSUER, "sub": "user-interop", "aud": CLIENT_ID, "iat": now - 5, "exp": now + 600,
            "nonce": NONCE, "email": "ada@example.com", "groups": ["staff"]}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


class JoseRFCIssuer:
    """An OP that signs with joserfc."""

    def __init__(self) -> None:
        self.keys = {
            "RS256": RSAKey.generate_key(2048, parameters={"kid": "jose-rs", "use": "sig"}),
            "PS256": RSAKey.generate_key(2048, parameters={"kid": "jose-ps", "use": "sig"}),
            "ES256": ECKey.generate_key("P-256", parameters={"kid": "jose-es", "use": "sig"}),
            "EdDSA": OKPKey.generate_key("Ed25519", parameters={"kid": "jose-ed", "use": "sig"}),
        }

    def jwks(self) -> dict:
        return KeySet(list(self.keys.values())).as_dict(private=False)

    def token(self, alg: str, payload: dict) -> str:
        key = self.keys["EdDSA" if alg == "Ed25519" else alg]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # EdDSA is "deprecated via RFC 9864" in joserfc, still what IdPs send
            return jose_jwt.encode({"alg": alg, "kid": key.kid, "typ": "JWT"}, payload, key, algorithms=[alg])


class PyJWTIssuer:
    """An OP that signs with PyJWT (cryptography keys)."""

    def __init__(self) -> None:
        self.private = {
            "RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "PS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ES256": ec.generate_private_key(ec.SECP256R1()),
            "EdDSA": ed25519.Ed25519PrivateKey.generate(),
        }

    @staticmethod
    def kid(alg: str) -> str:
        return "pyjwt-" + alg.lower()

    def jwks(self) -> dict:
        keys = []
        for alg, key in self.private.items():
            algo = pyjwt.get_algorithm_by_name(alg)
            jwk = json.loads(algo.to_jwk(key.public_key()))
            jwk["kid"] = self.kid(alg)
            keys.append(jwk)
        return {"keys": keys}

    def token(self, alg: str, payload: dict) -> str:
        return pyjwt.encode(payload, self.private[alg], algorithm=alg, headers={"kid": self.kid(alg)})

    def public_pem(self, alg: str) -> bytes:
        return self.private[alg].public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def hs256_forgery(kid: str, payload: dict, key: bytes) -> str:
    """RS256 -> HS256 key confusion: an HMAC 'signature' keyed with the RSA public key."""
    header = b64url(json.dumps({"alg": "HS256", "kid": kid, "typ": "JWT"}).encode())
    body = b64url(json.dumps(payload).encode())
    sig = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64url(sig)}"


def unsigned(payload: dict) -> str:
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(payload).encode())}."


def tamper(token: str) -> str:
    """Replaces the payload with one claiming another subject, keeping the signature."""
    header, payload, sig = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["sub"] = "admin"
    return f"{header}.{b64url(json.dumps(data).encode())}.{sig}"
