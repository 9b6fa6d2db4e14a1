"""SAML interop helpers: run `gatehouse saml verify`, and drive the real peers (pysaml2 as IdP, python3-saml as a
second SP oracle, the xmlsec1 CLI as a signature oracle). No Gatehouse code is imported."""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "scripts" / "fixtures"))
import samlgen  # noqa: E402  (independent generator: lxml + python-xmlsec + cryptography)

CORPUS = REPO / "Tests/GatehouseSAMLTests/Fixtures/corpus"
CERTS = REPO / "certs"
SP_ENTITY_ID = samlgen.SP_ENTITY_ID
ACS_URL = samlgen.ACS_URL
IDP_ENTITY_ID = samlgen.IDP_ENTITY_ID


@dataclass
class Verdict:
    rc: int
    out: dict | None
    stderr: str
    seconds: float

    @property
    def accepted(self) -> bool:
        return self.rc == 0

    @property
    def code(self) -> str | None:
        if self.out and not self.out.get("accepted", True):
            return self.out.get("error", {}).get("code")
        return None


def gatehouse_verify(binary: str, response: Path, metadata: Path, *, sp_entity_id=SP_ENTITY_ID, acs_url=ACS_URL,
                     sp_key: Path | None = None, in_response_to: str | None = None, allow_idp_initiated=False,
                     now: str | None = None, clock_skew: int | None = None, allow_sha1=False,
                     require_signature: str | None = None, timeout: float = 60) -> Verdict:
    import time
    args = [binary, "saml", "verify", str(response), "--idp-metadata", str(metadata), "--sp-entity-id",
            sp_entity_id, "--acs-url", acs_url]
    if sp_key:
        args += ["--sp-key", str(sp_key)]
    if in_response_to:
        args += ["--in-response-to", in_response_to]
    if allow_idp_initiated:
        args.append("--allow-idp-initiated")
    if now:
        args += ["--now", now]
    if clock_skew is not None:
        args += ["--clock-skew", str(clock_skew)]
    if allow_sha1:
        args.append("--allow-sha1")
    if require_signature:
        args += ["--require-signature", require_signature]
    t0 = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    elapsed = time.monotonic() - t0
    out = None
    if p.stdout.strip():
        try:
            out = json.loads(p.stdout)
        except json.JSONDecodeError:
            out = {"unparsable_stdout": p.stdout[:500]}
    return Verdict(p.returncode, out, p.stderr, elapsed)


def verify_case(binary: str, case: dict, timeout: float = 60) -> Verdict:
    return gatehouse_verify(
        binary, CORPUS / case["file"], CORPUS / case["metadata"], sp_entity_id=case["spEntityID"],
        acs_url=case["acsURL"], sp_key=CORPUS / case["spKey"] if case["spKey"] else None,
        in_response_to=case["inResponseTo"], allow_idp_initiated=case["allowIdPInitiated"], now=case["now"],
        clock_skew=case.get("clockSkew"), allow_sha1=case["allowSHA1"],
        require_signature=case["requireSignature"], timeout=timeout)


def load_manifest() -> list[dict]:
    return json.loads((CORPUS / "manifest.json").read_text())["cases"]


# ---- pysaml2 as the IdP ----------------------------------------------------------------------------------------
ATTRIBUTES = {
    "email": ["alice@corp.test"], "firstName": ["Alice"], "lastName": ["Liddell"],
    "groups": ["Everyone", "Engineering", "gatehouse-admins", "vpn-users"], "department": ["Platform Security"],
}


def _identity_attribute_map_dir(tmp: Path) -> Path:
    """pysaml2 renames attributes through converters; this map keeps every Name exactly as given."""
    d = tmp / "attributemaps"
    d.mkdir(exist_ok=True)
    names = {n: n for n in ATTRIBUTES}
    (d / "__init__.py").write_text("")
    (d / "gatehouse_basic.py").write_text(textwrap.dedent(f"""
        MAP = {{
            "identifier": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
            "fro": {names!r},
            "to": {names!r},
        }}
    """))
    return d


def sp_metadata_xml() -> str:
    return (f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{SP_ENTITY_ID}">'
            '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
            'AuthnRequestsSigned="false" WantAssertionsSigned="true">'
            '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>'
            '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
            f'Location="{ACS_URL}" index="0" isDefault="true"/></md:SPSSODescriptor></md:EntityDescriptor>')


def pysaml2_idp(tmp: Path, key: str = "idp-rsa"):
    """A real pysaml2 IdP (saml2.server.Server) with a test key; shells out to xmlsec1 to sign."""
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.config import IdPConfig
    from saml2.saml import NAME_FORMAT_BASIC
    from saml2.server import Server
    sp_md = tmp / "sp-metadata.xml"
    sp_md.write_text(sp_metadata_xml())
    amap = _identity_attribute_map_dir(tmp)
    cfg = {
        "entityid": IDP_ENTITY_ID,
        "key_file": str(CERTS / f"{key}.key.pem"),
        "cert_file": str(CERTS / f"{key}.crt.pem"),
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "attribute_map_dir": str(amap),
        "metadata": {"local": [str(sp_md)]},
        "service": {"idp": {
            "endpoints": {"single_sign_on_service": [
                ("https://idp.gatehouse.test/saml/sso/redirect", BINDING_HTTP_REDIRECT),
                ("https://idp.gatehouse.test/saml/sso/post", BINDING_HTTP_POST)]},
            "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                                   "name_form": NAME_FORMAT_BASIC}},
            "name_id_format": ["urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"],
        }},
    }
    conf = IdPConfig()
    conf.load(cfg)
    return Server(config=conf)


def pysaml2_response(tmp: Path, *, key="idp-rsa", sign_response=False, sign_assertion=True,
                     sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                     digest_alg="http://www.w3.org/2001/04/xmlenc#sha256", in_response_to="_pysaml2-req-1") -> str:
    import saml2.entity
    from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
    allowed = [long for _, long in saml2.entity.SIG_ALLOWED_ALG]
    if sign_alg not in allowed:
        # pysaml2 7.5.5 guards Response signing with an RSA-only list (saml2.xmldsig.SIG_ALLOWED_ALG) although the
        # assertion path and xmlsec1, which does the signing, handle ECDSA; widen the guard for this peer only.
        saml2.entity.SIG_ALLOWED_ALG = tuple(saml2.entity.SIG_ALLOWED_ALG) + (("EXTRA", sign_alg),)
    idp = pysaml2_idp(tmp, key)
    resp = idp.create_authn_response(
        identity=ATTRIBUTES, in_response_to=in_response_to, destination=ACS_URL, sp_entity_id=SP_ENTITY_ID,
        name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text="alice@corp.test"),
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
               "authn_auth": IDP_ENTITY_ID},
        sign_response=sign_response, sign_assertion=sign_assertion, sign_alg=sign_alg, digest_alg=digest_alg)
    return str(resp)


# ---- python3-saml (OneLogin) as a second SP oracle -------------------------------------------------------------
def python3saml_verdict(response_xml: bytes, metadata_xml: str, *, now: str | None, in_response_to: str | None,
                        sp_key: Path | None = None, allow_sha1=False, require: str = "either") -> tuple[bool, str]:
    """(accepted, error) from OneLogin_Saml2_Response.is_valid in strict mode, evaluated at `now`."""
    from onelogin.saml2 import utils as ol_utils
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from onelogin.saml2.settings import OneLogin_Saml2_Settings
    idp = OneLogin_Saml2_IdPMetadataParser.parse(metadata_xml)["idp"]
    settings = {
        "strict": True, "debug": False,
        "sp": {"entityId": SP_ENTITY_ID,
               "assertionConsumerService": {"url": ACS_URL,
                                            "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"},
               "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
               "x509cert": (CERTS / "sp-rsa.crt.pem").read_text() if sp_key else "",
               "privateKey": sp_key.read_text() if sp_key else ""},
        "idp": idp,
        "security": {"wantAssertionsSigned": require in ("assertion", "both"),
                     "wantMessagesSigned": require in ("response", "both"),
                     "rejectDeprecatedAlgorithm": not allow_sha1, "wantNameId": True,
                     "wantAssertionsEncrypted": False},
    }
    s = OneLogin_Saml2_Settings(settings, sp_validation_only=True)
    original_now = ol_utils.OneLogin_Saml2_Utils.now
    if now:
        ts = int(dt.datetime.fromisoformat(now.replace("Z", "+00:00")).timestamp())
        ol_utils.OneLogin_Saml2_Utils.now = staticmethod(lambda: ts)
    try:
        r = OneLogin_Saml2_Response(s, base64.b64encode(response_xml).decode())
        ok = r.is_valid({"https": "on", "http_host": "sp.gatehouse.test", "script_name": "/saml/acs",
                         "server_port": "443"}, request_id=in_response_to)
        if ok:
            try:
                return True, "nameID=" + str(r.get_nameid())
            except Exception as e:  # accepted but no usable NameID
                return True, f"nameID unavailable: {e}"[:120]
        return False, r.get_error() or "rejected"
    except Exception as e:  # python3-saml raises on malformed input
        return False, f"{type(e).__name__}: {e}"[:200]
    finally:
        ol_utils.OneLogin_Saml2_Utils.now = original_now


# ---- xmlsec1 CLI as a signature-only oracle --------------------------------------------------------------------
def metadata_cert_paths(metadata_xml: str, tmp: Path) -> list[Path]:
    from lxml import etree
    root = etree.fromstring(metadata_xml.encode(), etree.XMLParser(resolve_entities=False))
    paths = []
    for i, el in enumerate(root.iter("{http://www.w3.org/2000/09/xmldsig#}X509Certificate")):
        b = "".join(el.text.split())
        pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(b, 64)) + "\n-----END CERTIFICATE-----\n"
        p = tmp / f"md-cert-{i}.pem"
        p.write_text(pem)
        paths.append(p)
    return paths


def xmlsec1_signatures_ok(response_xml: bytes, cert_paths: list[Path]) -> tuple[bool, int]:
    """(every ds:Signature verifies with some metadata cert, number of signatures). Uses the xmlsec1 CLI,
    one run per signature (it checks only the selected node), same-document references and metadata keys only."""
    from lxml import etree
    try:
        root = etree.fromstring(response_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:
        return False, 0
    n = len(root.findall(".//{http://www.w3.org/2000/09/xmldsig#}Signature"))
    if root.tag == "{http://www.w3.org/2000/09/xmldsig#}Signature":
        n += 1
    if n == 0:
        return False, 0
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        f.write(response_xml)
        f.flush()
        for i in range(1, n + 1):
            xp = f"(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[{i}]"
            ok = False
            for c in cert_paths:
                p = subprocess.run(
                    ["xmlsec1", "--verify", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
                     "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                     "--enabled-reference-uris", "same-doc", "--enabled-key-data", "raw-x509-cert",
                     "--pubkey-cert-pem", str(c), "--node-xpath", xp, f.name],
                    capture_output=True, text=True, timeout=30)
                if p.returncode == 0:
                    ok = True
                    break
            if not ok:
                return False, n
    return True, n


def xmlsec1_sign_template(template_xml: str, tmp: Path, key="idp-rsa") -> bytes:
    """Sign a Response whose Assertion carries an empty ds:Signature template, with the xmlsec1 CLI."""
    tpl = tmp / "tpl.xml"
    out = tmp / "signed.xml"
    tpl.write_text(template_xml)
    subprocess.run(["xmlsec1", "--sign", "--privkey-pem", f"{CERTS / (key + '.key.pem')},"
                    f"{CERTS / (key + '.crt.pem')}", "--id-attr:ID",
                    "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", str(out), str(tpl)],
                   check=True, capture_output=True, text=True, timeout=30)
    return out.read_bytes()


def pysaml2_encrypted_response(tmp: Path, *, msg_enc: str | None = None, in_response_to="_pysaml2-enc-1",
                               sp_cert: str = "sp-rsa") -> str:
    """pysaml2 IdP response with the (signed) assertion encrypted to the SP certificate by xmlsec1, inside a signed
    Response. msg_enc None = pysaml2's default (3DES-CBC + RSA-OAEP-MGF1P). pysaml2 7.5.5 hard-codes the content
    algorithm and xmlsec1's `--session-key des-192`; for another algorithm both are overridden for this one call."""
    import functools

    import saml2.entity
    import saml2.sigver
    from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
    orig_pre, orig_enc = saml2.entity.pre_encryption_part, saml2.sigver.SecurityContext.encrypt_assertion
    if msg_enc:
        size = "128" if "128" in msg_enc else "192" if "192" in msg_enc else "256"
        saml2.entity.pre_encryption_part = functools.partial(saml2.sigver.pre_encryption_part, msg_enc=msg_enc)
        saml2.sigver.SecurityContext.encrypt_assertion = \
            lambda self, *a, **k: orig_enc(self, *a, **{**k, "key_type": f"aes-{size}"})
    try:
        idp = pysaml2_idp(tmp)
        resp = idp.create_authn_response(
            identity=ATTRIBUTES, in_response_to=in_response_to, destination=ACS_URL, sp_entity_id=SP_ENTITY_ID,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text="alice@corp.test"),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_response=True, sign_assertion=True, encrypt_assertion=True,
            encrypt_cert_assertion=(CERTS / f"{sp_cert}.crt.pem").read_text(),
            sign_alg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_alg="http://www.w3.org/2001/04/xmlenc#sha256")
    finally:
        saml2.entity.pre_encryption_part = orig_pre
        saml2.sigver.SecurityContext.encrypt_assertion = orig_enc
    return str(resp)
