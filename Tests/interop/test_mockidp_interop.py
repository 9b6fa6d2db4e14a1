"""The mock IdP's output judged by real peers: python3-saml and pysaml2 as SPs, xmlsec1 on signatures, PyJWT and
joserfc on ID tokens. Positive scenarios must be accepted; negative ones rejected where the peer checks that
property (peers.md: xmlsec1 checks signatures only; pysaml2 accepts SHA-1)."""
from __future__ import annotations

import pytest

from peers.mockidp_peers import MockIdP, joserfc_verdict, mock_command, pyjwt_verdict, pysaml2_sp_verdict
from peers.saml import metadata_cert_paths, python3saml_verdict, xmlsec1_signatures_ok


@pytest.fixture(scope="module")
def idp(gatehouse_bin):
    server = MockIdP(mock_command(gatehouse_bin))
    yield server
    server.stop()


@pytest.fixture()
def fresh(idp):
    idp.post_json("/admin/reset", {})
    return idp


def p3(idp, xml, require="either", allow_sha1=False):
    return python3saml_verdict(xml, idp.metadata(), now=None, in_response_to=None, require=require, allow_sha1=allow_sha1)


@pytest.mark.parametrize("mode,require,signatures", [
    ("sign.both", "both", 2), ("sign.assertion-only", "assertion", 1), ("sign.response-only", "response", 1),
    ("sign.rsa-sha512", "both", 2), ("sign.ecdsa", "both", 2)])
def test_each_signing_mode_is_accepted_by_python3_saml_pysaml2_and_xmlsec1(fresh, tmp_path, mode, require, signatures):
    xml = fresh.saml_response(mode)
    metadata = fresh.metadata()
    if mode == "sign.ecdsa":  # idp-ec is published only while the scenario stands
        fresh.post_json("/admin/scenarios", {"scenario": "sign.ecdsa", "scope": "sticky"})
        metadata = fresh.metadata()
    ok, n = xmlsec1_signatures_ok(xml, metadata_cert_paths(metadata, tmp_path))
    assert ok and n == signatures, (mode, n)
    accepted, why = python3saml_verdict(xml, metadata, now=None, in_response_to=None, require=require)
    assert accepted, (mode, why)
    accepted, why = pysaml2_sp_verdict(xml, metadata, want_assertions_signed=require in ("assertion", "both"),
                                       want_response_signed=require in ("response", "both"))
    assert accepted, (mode, why)


@pytest.mark.parametrize("scenario", [
    "sign.none", "sign.wrong-key", "sign.tampered", "cert.rotated-unannounced", "assertion.expired",
    "clock.idp-ahead(3600)", "audience.wrong", "recipient.wrong", "destination.wrong",
    "issuer.wrong", "status.request-denied", "status.authn-failed", "user.suspended", "sign.sha1"])
def test_negative_saml_scenarios_are_rejected_by_python3_saml(fresh, scenario):
    xml = fresh.saml_response(scenario)
    accepted, why = p3(fresh, xml, require="assertion" if scenario == "sign.none" else "either")
    assert not accepted, (scenario, why)


def test_audience_missing_is_accepted_by_python3_saml(fresh):
    """AudienceRestriction is optional in SAML core, so python3-saml accepts its absence: this peer does not check
    that property (seen here). The gateway's answer, saml.audience_mismatch, is its own stricter policy."""
    assert p3(fresh, fresh.saml_response("audience.missing"))[0]


@pytest.mark.parametrize("scenario", [
    "sign.wrong-key", "sign.tampered", "cert.rotated-unannounced", "assertion.expired", "audience.wrong",
    "status.request-denied", "issuer.wrong"])
def test_negative_saml_scenarios_are_rejected_by_pysaml2(fresh, scenario):
    accepted, why = pysaml2_sp_verdict(fresh.saml_response(scenario), fresh.metadata())
    assert not accepted, (scenario, why)


def test_rollover_overlap_is_accepted_and_old_withdrawn_is_not(fresh):
    fresh.post_json("/admin/scenarios", {"scenario": "cert.rollover-overlap", "scope": "sticky"})
    assert p3(fresh, fresh.saml_response())[0]
    fresh.post_json("/admin/reset", {})
    fresh.post_json("/admin/scenarios", {"scenario": "cert.old-withdrawn-early", "scope": "sticky"})
    assert not p3(fresh, fresh.saml_response())[0]


def test_id_tokens_verify_with_pyjwt_and_joserfc(fresh):
    iss = fresh.base + "/oidc/default"
    for scenario in ["", "sign.ecdsa", "audience.multiple"]:
        token = fresh.id_token(scenario)
        assert pyjwt_verdict(token, fresh.jwks(), issuer=iss)[0], scenario
        assert joserfc_verdict(token, fresh.jwks(), issuer=iss)[0], scenario


@pytest.mark.parametrize("scenario", [
    "jwt.alg-none", "jwt.alg-confusion", "jwks.kid-unknown", "sign.wrong-key", "sign.tampered", "token.expired",
    "audience.wrong", "issuer.wrong", "cert.rotated-unannounced"])
def test_negative_oidc_scenarios_are_rejected_by_pyjwt_and_joserfc(fresh, scenario):
    iss = fresh.base + "/oidc/default"
    token = fresh.id_token(scenario)
    assert not pyjwt_verdict(token, fresh.jwks(), issuer=iss)[0], scenario
    if scenario != "token.expired":  # joserfc's registry here checks iss/aud only, not exp, unless told
        assert not joserfc_verdict(token, fresh.jwks(), issuer=iss)[0], scenario


def test_bad_input_gets_the_errors_a_real_idp_returns(fresh):
    status, body = fresh.get("/saml/default/sso?SAMLRequest=%25%25")
    assert status == 400 and b"mockidp.malformed_request" in body
    status, out = fresh.post_form("/oidc/default/token", {"grant_type": "authorization_code", "code": "x",
                                                          "client_id": "interop-rp", "client_secret": "wrong"})
    assert status == 401 and out["error"] == "invalid_client"
    status, out = fresh.post_form("/oidc/default/token", {"grant_type": "authorization_code", "code": "nope",
                                                          "client_id": "interop-rp", "client_secret": "interop-secret"})
    assert status == 400 and out["error"] == "invalid_grant"


def test_list_scenarios(gatehouse_bin):
    import json
    import subprocess
    out = subprocess.run(mock_command(gatehouse_bin) + ["--list-scenarios"], capture_output=True, text=True, timeout=60, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) >= 25 and all(r["expected_gateway_error"] for r in rows)


def test_encrypted_assertion_decrypts_with_the_sp_key_and_not_with_the_old_cert(fresh):
    from peers.saml import CERTS
    ok = python3saml_verdict(fresh.saml_response("encrypt.assertion"), fresh.metadata(), now=None, in_response_to=None,
                             sp_key=CERTS / "sp-rsa.key.pem")
    assert ok[0], ok
    bad = python3saml_verdict(fresh.saml_response("encrypt.wrong-sp-cert"), fresh.metadata(), now=None,
                              in_response_to=None, sp_key=CERTS / "sp-rsa.key.pem")
    assert not bad[0], bad
