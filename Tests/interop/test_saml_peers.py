"""Responses made at test time by real peers — pysaml2 as the IdP and the xmlsec1 CLI — with current real times
(no --now) must be accepted by `gatehouse saml verify`; pysaml2's RSA-SHA1 default must not be."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from peers import saml as S
from peers.saml import samlgen

RSA = ("idp-rsa", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
EC = ("idp-ec", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256")
MODES = {"assertion": (False, True), "response": (True, False), "both": (True, True)}


def _metadata(tmp, cert):
    p = tmp / f"{cert}-metadata.xml"
    p.write_text(samlgen.idp_metadata(certs=(cert,)))
    return p


def _check_accepted(v, expected_nameid="alice@corp.test"):
    assert v.rc == 0, f"rejected: {v.out} {v.stderr[:300]}"
    assert v.out["accepted"] is True
    assert v.out["nameID"] == expected_nameid
    assert v.out["issuer"] == S.IDP_ENTITY_ID
    assert v.out["nameIDFormat"] == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    for name, values in S.ATTRIBUTES.items():
        assert sorted(v.out["attributes"].get(name, [])) == sorted(values), name


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("keyalg", [RSA, EC], ids=["rsa-sha256", "ecdsa-sha256"])
def test_pysaml2_idp_response_accepted(gatehouse_bin, work_dir, mode, keyalg):
    key, alg = keyalg
    sign_response, sign_assertion = MODES[mode]
    xml = S.pysaml2_response(work_dir, key=key, sign_response=sign_response, sign_assertion=sign_assertion,
                             sign_alg=alg, in_response_to="_pysaml2-req-42")
    # pysaml2 pitfalls: it may return an error Response instead of raising, and silently fall back to SHA-1
    assert "urn:oasis:names:tc:SAML:2.0:status:Success" in xml
    assert xml.count("SignatureValue>") // 2 == int(sign_response) + int(sign_assertion)
    assert set(re.findall(r'SignatureMethod Algorithm="([^"]*)"', xml)) == {alg}
    resp = work_dir / "response.b64"
    resp.write_bytes(samlgen.base64.b64encode(xml.encode()))
    md = _metadata(work_dir, key)
    _check_accepted(S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_pysaml2-req-42"))
    # the same response once more, with the signing policy that matches the mode exactly
    _check_accepted(S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_pysaml2-req-42",
                                       require_signature=mode))
    # second oracle agrees
    ok, err = S.python3saml_verdict(xml.encode(), md.read_text(), now=None, in_response_to="_pysaml2-req-42")
    assert ok, err


def test_pysaml2_default_sha1_rejected_unless_allowed(gatehouse_bin, work_dir):
    xml = S.pysaml2_response(work_dir, sign_alg="http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                             digest_alg="http://www.w3.org/2000/09/xmldsig#sha1", in_response_to="_req-sha1")
    assert "xmldsig#rsa-sha1" in xml
    resp = work_dir / "response.xml"
    resp.write_text(xml)
    md = _metadata(work_dir, "idp-rsa")
    v = S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_req-sha1")
    assert v.rc == 1 and v.code == "saml.weak_algorithm", v.out
    v = S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_req-sha1", allow_sha1=True)
    _check_accepted(v)
    assert v.out.get("warnings"), "SHA-1 accepted by opt-in must be warned about"


def test_pysaml2_wrong_in_response_to_rejected(gatehouse_bin, work_dir):
    xml = S.pysaml2_response(work_dir, in_response_to="_req-A")
    resp = work_dir / "response.xml"
    resp.write_text(xml)
    v = S.gatehouse_verify(gatehouse_bin, resp, _metadata(work_dir, "idp-rsa"), in_response_to="_req-B")
    assert v.rc == 1 and v.code == "saml.in_response_to_mismatch", v.out


XMLSEC1_TEMPLATE_SIG = """<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
        <ds:Reference URI="#{id}">
          <ds:Transforms>
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          </ds:Transforms>
          <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
          <ds:DigestValue/>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue/>
      <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>
    </ds:Signature>
    """


def test_xmlsec1_cli_signed_response_accepted(gatehouse_bin, work_dir):
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    spec = samlgen.ResponseSpec(name="xmlsec1-cli-" + now.isoformat(), issue_instant=now)
    xml = samlgen.response_xml(spec)
    aid = re.search(r'<saml:Assertion ID="([^"]+)"', xml).group(1)
    issuer_end = xml.index("</saml:Issuer>", xml.index("<saml:Assertion")) + len("</saml:Issuer>\n    ")
    tpl = xml[:issuer_end] + XMLSEC1_TEMPLATE_SIG.format(id=aid) + xml[issuer_end:]
    signed = S.xmlsec1_sign_template(tpl, work_dir)
    assert b"<ds:SignatureValue/>" not in signed and b"<ds:X509Certificate>" in signed
    resp = work_dir / "signed.xml"
    resp.write_bytes(signed)
    v = S.gatehouse_verify(gatehouse_bin, resp, _metadata(work_dir, "idp-rsa"),
                           in_response_to=samlgen.REQUEST_ID)
    assert v.rc == 0, v.out
    assert v.out["nameID"] == "alice@corp.test"
    assert v.out["attributes"]["groups"] == ["Everyone", "Engineering", "gatehouse-admins", "vpn-users"]


GCM256 = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
GCM128 = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
CBC256 = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"


@pytest.mark.parametrize("msg_enc", [GCM256, GCM128])
def test_pysaml2_encrypted_assertion_aes_gcm_accepted(gatehouse_bin, work_dir, msg_enc):
    xml = S.pysaml2_encrypted_response(work_dir, msg_enc=msg_enc)
    assert "EncryptedAssertion" in xml and msg_enc in xml and "<ns1:Assertion" not in xml
    resp = work_dir / "enc.xml"
    resp.write_text(xml)
    md = _metadata(work_dir, "idp-rsa")
    v = S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_pysaml2-enc-1",
                           sp_key=S.CERTS / "sp-rsa.key.pem")
    _check_accepted(v)
    v = S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_pysaml2-enc-1")
    assert v.rc == 1 and v.code == "saml.decryption_key_missing", v.out
    v = S.gatehouse_verify(gatehouse_bin, resp, md, in_response_to="_pysaml2-enc-1",
                           sp_key=S.CERTS / "sp-rsa-old.key.pem")
    assert v.rc == 1 and v.code == "saml.decrypt_failed", v.out


def test_pysaml2_encrypted_assertion_cbc_and_3des_refused(gatehouse_bin, work_dir):
    md = _metadata(work_dir, "idp-rsa")
    key = S.CERTS / "sp-rsa.key.pem"
    cbc = work_dir / "cbc.xml"
    cbc.write_text(S.pysaml2_encrypted_response(work_dir, msg_enc=CBC256))
    v = S.gatehouse_verify(gatehouse_bin, cbc, md, in_response_to="_pysaml2-enc-1", sp_key=key)
    assert v.rc == 1 and v.code == "saml.encryption_algorithm_forbidden", v.out
    des = work_dir / "3des.xml"
    des.write_text(S.pysaml2_encrypted_response(work_dir))  # pysaml2's default: tripledes-cbc
    assert "tripledes-cbc" in des.read_text()
    v = S.gatehouse_verify(gatehouse_bin, des, md, in_response_to="_pysaml2-enc-1", sp_key=key)
    assert v.rc == 1 and v.code == "saml.encryption_algorithm_forbidden", v.out
