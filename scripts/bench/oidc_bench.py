"""PyJWT side of scripts/bench/oidc.sh, and the report.

  oidc_bench.py pyjwt SECONDS          -> {"rs256PerSecond": …, "es256PerSecond": …, …PerCPUSecond}
  oidc_bench.py report GH_JSON PY_JSON OPENSSL_RSA_VERIFY OPENSSL_P256_VERIFY

PyJWT does what a relying party does: decode + verify signature, aud, iss, exp against a PyJWK from a JWKS, on
tokens of the same shape as `gatehouse bench oidc` (RSA-2048 / P-256, ~15 claims, two groups).
"""
from __future__ import annotations

import json
import sys
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ISSUER = "https://login.bench.example/tenant/v2.0"
CLIENT_ID = "gatehouse-bench"


def payload() -> dict:
    t = int(time.time())
    return {"iss": ISSUER, "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "aud": CLIENT_ID, "exp": t + 3600,
            "iat": t - 10, "nbf": t - 10, "nonce": "bench-nonce", "auth_time": t - 20,
            "email": "ada.lovelace@example.com", "name": "Ada Lovelace", "preferred_username": "ada@example.com",
            "oid": "00000000-0000-0000-66f3-3332eca7ea81", "tid": "9122040d-6c67-4c5b-b112-36a304b66dad",
            "groups": ["b9a1f5c2-1111-4e2b-9c3d-000000000001", "b9a1f5c2-1111-4e2b-9c3d-000000000002"], "ver": "2.0"}


def bench_pyjwt(seconds: float) -> dict:
    keys = {"RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ES256": ec.generate_private_key(ec.SECP256R1())}
    out = {}
    for alg, key in keys.items():
        jwk = json.loads(jwt.get_algorithm_by_name(alg).to_jwk(key.public_key()))
        jwk.update({"kid": alg.lower(), "use": "sig", "alg": alg})
        jwks = jwt.PyJWKSet.from_dict({"keys": [jwk]})
        token = jwt.encode(payload(), key, algorithm=alg, headers={"kid": alg.lower()})

        signing_key = jwks[alg.lower()]  # kid lookup done once: PyJWT gets the lean path (decode + verify only)

        def once() -> None:
            claims = jwt.decode(token, signing_key, algorithms=[alg], audience=CLIENT_ID, issuer=ISSUER,
                                options={"require": ["exp", "iat", "iss", "aud", "sub"]})
            assert claims["nonce"] == "bench-nonce"

        once()
        n, start, cpu0 = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - start < seconds:
            for _ in range(64):
                once()
            n += 64
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
        out[alg.lower() + "PerSecond"] = round(n / wall)
        out[alg.lower() + "PerCPUSecond"] = round(n / cpu)
    return out


def report(gh: dict, py: dict, ossl_rsa: float, ossl_p256: float) -> dict:
    def ratio(a: float, b: float) -> float:
        return round(a / b, 2) if b else 0.0
    return {
        "gatehouse": gh, "pyjwt": py,
        "opensslRSA2048VerifyPerSecond": ossl_rsa, "opensslECDSAP256VerifyPerSecond": ossl_p256,
        "ratios": {
            "rs256VsPyJWT": ratio(gh["rs256PerSecond"], py["rs256PerSecond"]),
            "es256VsPyJWT": ratio(gh["es256PerSecond"], py["es256PerSecond"]),
            "rs256VsPyJWTPerCPUSecond": ratio(gh["rs256PerCPUSecond"], py["rs256PerCPUSecond"]),
            "es256VsPyJWTPerCPUSecond": ratio(gh["es256PerCPUSecond"], py["es256PerCPUSecond"]),
            # openssl speed reports operations per CPU second: compare per CPU second too.
            "rs256VsOpenSSLRSA2048Verify": ratio(gh["rs256PerCPUSecond"], ossl_rsa),
            "es256VsOpenSSLP256Verify": ratio(gh["es256PerCPUSecond"], ossl_p256),
        },
        "targets": {"rs256VsPyJWT": 3.0, "es256VsPyJWT": 3.0, "rs256VsOpenSSLRSA2048Verify": 0.6},
    }


if __name__ == "__main__":
    if sys.argv[1] == "pyjwt":
        print(json.dumps(bench_pyjwt(float(sys.argv[2]))))
    elif sys.argv[1] == "report":
        print(json.dumps(report(json.loads(sys.argv[2]), json.loads(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])),
                         indent=2))
    else:
        sys.exit(f"usage: {sys.argv[0]} pyjwt SECONDS | report GH PY OSSL_RSA OSSL_P256")
