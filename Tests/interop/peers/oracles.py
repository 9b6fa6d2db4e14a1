"""Second-oracle verdicts for corpus cases: python3-saml (strict SP) and the xmlsec1 CLI (signature only)."""
from __future__ import annotations

import base64
import re
import tempfile
from pathlib import Path

from peers import saml as S

# python3-saml error texts that name a signature / XML-DSig / wrapping problem
SIGNATURE_REASON = re.compile(r"signature|signed|reference|digest|algorithm|duplicat|xsw|wrap|id attribute|"
                              r"invalid xml|Found an unexpected number of Assertions", re.I)


def case_bytes(case: dict) -> bytes | None:
    raw = (S.CORPUS / case["file"]).read_bytes()
    if case["file"].endswith(".b64"):
        try:
            return base64.b64decode(raw, validate=False)
        except Exception:
            return None
    return raw


def oracle_row(case: dict) -> dict:
    """{'p3s': (accepted, error), 'xmlsec1': (ok, nsigs) or None when not applicable}"""
    data = case_bytes(case)
    md = (S.CORPUS / case["metadata"]).read_text()
    if data is None:
        return {"p3s": (False, "not base64"), "xmlsec1": None}
    if len(data) > 1_000_000 or b"<!DOCTYPE" in data[:4096]:
        # python3-saml itself refuses DTDs; do not feed hostile parser inputs to the oracles
        return {"p3s": (False, "skipped: hostile parser input"), "xmlsec1": None}
    sp_key = S.CORPUS / case["spKey"] if case["spKey"] else None
    p3s = S.python3saml_verdict(data, md, now=case["now"], in_response_to=case["inResponseTo"], sp_key=sp_key,
                                allow_sha1=case["allowSHA1"], require=case["requireSignature"])
    xs = None
    if b"EncryptedAssertion" not in data:
        with tempfile.TemporaryDirectory() as d:
            xs = S.xmlsec1_signatures_ok(data, S.metadata_cert_paths(md, Path(d)))
    return {"p3s": p3s, "xmlsec1": xs}


def signature_rejected_by_both(row: dict) -> bool:
    p_ok, p_err = row["p3s"]
    xs = row["xmlsec1"]
    return (not p_ok and bool(SIGNATURE_REASON.search(p_err or ""))) and xs is not None and not xs[0]
