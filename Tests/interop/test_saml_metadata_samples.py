"""metadata/ samples (Okta, Entra ID, Google Workspace, AD FS, Shibboleth shapes) are usable as --idp-metadata:
a response issued under each entityID and signed by each listed signing key is accepted; a response signed by a
key the metadata lists only for encryption is rejected."""
from __future__ import annotations

import json

import pytest

from peers import saml as S
from peers.saml import samlgen

SAMPLES = json.loads((S.REPO / "metadata/samples.json").read_text())["samples"]


def _response(work_dir, sample, key, name):
    spec = samlgen.ResponseSpec(name=name, response_issuer=sample["entityID"], assertion_issuer=sample["entityID"])
    root = samlgen.parse(samlgen.response_xml(spec))
    a = samlgen.assertion_of(root)
    if key == "idp-ec":
        samlgen.sign_manual(a, key=key, alg="ecdsa-sha256")
    else:
        samlgen.sign_xmlsec(a, key=key)
    p = work_dir / f"{name}.xml"
    p.write_bytes(samlgen.serialize(root))
    return p


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["file"] for s in SAMPLES])
def test_metadata_sample_signing_keys_accepted(gatehouse_bin, work_dir, sample):
    md = S.REPO / "metadata" / sample["file"]
    for key in sample["signingCerts"]:
        resp = _response(work_dir, sample, key, f"{sample['file']}-{key}")
        v = S.gatehouse_verify(gatehouse_bin, resp, md, now=samlgen.NOW, in_response_to=samlgen.REQUEST_ID)
        assert v.rc == 0, f"{sample['file']} signed by {key}: {v.out} {v.stderr[:300]}"
        assert v.out["issuer"] == sample["entityID"]


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s["nonSigningCerts"]],
                         ids=[s["file"] for s in SAMPLES if s["nonSigningCerts"]])
def test_metadata_sample_encryption_key_not_trusted_for_signatures(gatehouse_bin, work_dir, sample):
    md = S.REPO / "metadata" / sample["file"]
    for key in sample["nonSigningCerts"]:
        resp = _response(work_dir, sample, key, f"{sample['file']}-enc-{key}")
        v = S.gatehouse_verify(gatehouse_bin, resp, md, now=samlgen.NOW, in_response_to=samlgen.REQUEST_ID)
        assert v.rc == 1 and v.code in ("saml.untrusted_key", "saml.signature_invalid"), v.out


def test_metadata_samples_parse_with_python3_saml():
    """Sanity check of the samples themselves with a peer's metadata parser (no Gatehouse involved)."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser as P
    for s in SAMPLES:
        idp = P.parse((S.REPO / "metadata" / s["file"]).read_text())["idp"]
        assert idp["entityId"] == s["entityID"]
        certs = idp.get("x509certMulti", {}).get("signing") or [idp.get("x509cert")]
        assert len(certs) == len(s["signingCerts"]), s["file"]
