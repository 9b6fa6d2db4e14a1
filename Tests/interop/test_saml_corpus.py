"""The SAML attack/interop corpus (scripts/fixtures/make_saml_corpus.py) against `gatehouse saml verify`, with
python3-saml (strict) and the xmlsec1 CLI as second oracles."""
from __future__ import annotations

import pytest

from peers import oracles as O
from peers import saml as S

CASES = S.load_manifest()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus_case(gatehouse_bin, case):
    v = S.verify_case(gatehouse_bin, case)
    assert v.rc in (0, 1), f"exit {v.rc} (usage/config error or crash) — stderr: {v.stderr[:500]}"
    assert v.seconds < 30, f"took {v.seconds:.1f}s: bad input must fail in bounded time"
    assert v.out is not None, f"no JSON on stdout; stderr: {v.stderr[:300]}"
    outcome = "accept" if v.rc == 0 else v.out["error"]["code"]
    if outcome != case["expect"]:
        print(f"note: {case['name']}: got {outcome}, manifest prefers {case['expect']}")
    if v.rc == 0:
        assert "accept" in case["acceptableCodes"], \
            f"expected {case['expect']} ({case['why']}), but it was ACCEPTED: {v.out}"
        assert v.out["accepted"] is True
        assert v.out["nameID"] == case["nameID"], "NameID must be the full signed text value"
        assert v.out["issuer"], "issuer missing in accepted JSON"
        if case.get("issuer"):
            assert v.out["issuer"] == case["issuer"]
        for key in ("assertionID", "sessionIndex"):  # known when the assertion is not encrypted
            if case.get(key):
                assert v.out[key] == case[key], key
        if case.get("nameIDFormat"):
            assert v.out["nameIDFormat"] == case["nameIDFormat"]
        for name, values in (case.get("attributes") or {}).items():
            assert v.out["attributes"].get(name) == values, f"attribute {name}"
        if case.get("expectWarnings"):
            assert v.out.get("warnings"), "an accepted-with-risk case must carry a warning"
    else:
        assert v.out["accepted"] is False
        assert outcome in case["acceptableCodes"], \
            f"got {outcome} ({v.out['error'].get('message')}); expected {case['acceptableCodes']} ({case['why']})"
        assert v.out["error"].get("message"), "every rejection needs an admin-actionable message"


def test_second_oracles_table(gatehouse_bin):
    """Runs python3-saml (strict) and the xmlsec1 CLI on every case, prints a verdict table of differences.
    Fails only if Gatehouse accepts something python3-saml AND xmlsec1 both reject for a signature reason."""
    rows, failures = [], []
    for case in CASES:
        v = S.verify_case(gatehouse_bin, case)
        r = O.oracle_row(case)
        gh = "A" if v.rc == 0 else ("R" if v.rc == 1 else f"E{v.rc}")
        p_ok, p_err = r["p3s"]
        xs = r["xmlsec1"]
        xs_s = "-" if xs is None else ("A" if xs[0] else "R")
        gh_nameid = (v.out or {}).get("nameID") if gh == "A" else None
        nameid_differs = gh == "A" and p_ok and p_err.startswith("nameID=") and p_err != f"nameID={gh_nameid}"
        if (gh == "A") != p_ok or (gh == "A" and xs is not None and not xs[0]) or nameid_differs or \
                (gh == "A") != (case["expect"] == "accept"):
            rows.append(f"{case['name'][:44]:44} gh={gh} {(v.code or '')[:30]:30} p3s={'A' if p_ok else 'R'} "
                        f"xmlsec1={xs_s} manifest={case['expect'][:28]:28} {p_err[:70]}"
                        + (f" (Gatehouse nameID={gh_nameid})" if nameid_differs else ""))
        if gh == "A" and O.signature_rejected_by_both(r):
            failures.append(case["name"])
    print("\nVerdict differences (gh = Gatehouse, p3s = python3-saml strict, xmlsec1 = signature only):")
    print("\n".join(rows) if rows else "(none)")
    assert not failures, f"Gatehouse accepted what python3-saml and xmlsec1 reject for a signature reason: {failures}"
