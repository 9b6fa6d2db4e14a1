#!/usr/bin/env python3
"""Helpers for scripts/bench/saml.sh (independent of Gatehouse).

  fixture DIR               fresh realistic ~5 KB response (RSA-2048 / SHA-256, assertion signed by libxmlsec1,
                            5 attributes, current times) → DIR/response.b64, DIR/idp.xml, DIR/request-id
  python3saml DIR SECONDS   python3-saml full validation (strict OneLogin_Saml2_Response.is_valid) of that response
                            in a loop for SECONDS; prints {"validationsPerSecond": …}
  report GH_JSON PY_JSON OPENSSL_VERIFY_PER_S   the combined JSON line
"""
from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts" / "fixtures"))
import samlgen  # noqa: E402


def fixture(d: Path):
    d.mkdir(parents=True, exist_ok=True)
    xml = samlgen.fresh_signed_response("bench", key="idp-rsa", sign="assertion")
    (d / "response.b64").write_bytes(base64.b64encode(xml))
    (d / "idp.xml").write_text(samlgen.idp_metadata(certs=("idp-rsa",)))
    (d / "request-id").write_text(samlgen.REQUEST_ID)
    print(json.dumps({"responseBytes": len(xml), "base64Bytes": len(base64.b64encode(xml))}))


def python3saml(d: Path, seconds: float):
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from onelogin.saml2.settings import OneLogin_Saml2_Settings
    settings = OneLogin_Saml2_Settings({
        "strict": True, "debug": False,
        "sp": {"entityId": samlgen.SP_ENTITY_ID,
               "assertionConsumerService": {"url": samlgen.ACS_URL,
                                            "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"}},
        "idp": OneLogin_Saml2_IdPMetadataParser.parse((d / "idp.xml").read_text())["idp"],
        "security": {"wantAssertionsSigned": True, "rejectDeprecatedAlgorithm": True},
    }, sp_validation_only=True)
    form_value = (d / "response.b64").read_text()
    request_id = (d / "request-id").read_text()
    request = {"https": "on", "http_host": "sp.gatehouse.test", "script_name": "/saml/acs", "server_port": "443"}

    def once():
        r = OneLogin_Saml2_Response(settings, form_value)
        if not r.is_valid(request, request_id=request_id):
            raise SystemExit(f"python3-saml rejects the benchmark response: {r.get_error()}")

    once()
    for _ in range(20):  # warm-up
        once()
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        for _ in range(20):
            once()
        n += 20
        el = time.perf_counter() - t0
        if el >= seconds:
            break
    cpu = time.process_time() - c0
    print(json.dumps({"validationsPerSecond": round(n / el, 1), "validationsPerCPUSecond": round(n / cpu, 1),
                      "iterations": n, "seconds": round(el, 3), "cpuSeconds": round(cpu, 3)}))


def report(gh_json: str, py_json: str, openssl: str):
    gh = json.loads(gh_json)
    py = json.loads(py_json)
    ossl = float(openssl)
    g = float(gh["validationsPerSecond"])
    p = float(py["validationsPerSecond"])
    out = {
        "gatehouse": gh, "python3saml": py, "opensslRSA2048VerifyPerSecond": ossl,
        "ratioVsPython3Saml": round(g / p, 2) if p else None,
        "ratioVsOpenSSL": round(g / ossl, 4) if ossl else None,
    }
    # `openssl speed` counts CPU time unless given -elapsed; on a shared machine the wall-clock figures above are
    # depressed by other load, so also report the ratios per CPU second when both sides measured CPU time.
    g_cpu, p_cpu = gh.get("validationsPerCPUSecond"), py.get("validationsPerCPUSecond")
    if g_cpu:
        out["ratioVsOpenSSLPerCPUSecond"] = round(float(g_cpu) / ossl, 4) if ossl else None
        if p_cpu:
            out["ratioVsPython3SamlPerCPUSecond"] = round(float(g_cpu) / float(p_cpu), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "fixture":
        fixture(Path(sys.argv[2]))
    elif cmd == "python3saml":
        python3saml(Path(sys.argv[2]), float(sys.argv[3]))
    elif cmd == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(__doc__)
