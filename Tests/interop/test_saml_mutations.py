"""A one-character change anywhere signed is rejected.

For each signing mode (assertion, Response, both), a fresh realistic response signed by libxmlsec1 with current real
times is accepted; then ~150 single-character mutations spread evenly over the signed region — letters and digits
in text nodes and attribute values (so the canonical form changes), two thirds in readable values and one third in
base64 (DigestValue, SignatureValue, covered certificates) — plus consistent element renames, must each exit 1,
never 0."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from peers import saml as S
from peers.saml import samlgen

TARGET = 150
RENAMES = 10
BASE64_ELEMENTS = ("DigestValue", "SignatureValue", "X509Certificate")


def _bump(c: str) -> str:
    if c.isdigit():
        return str((int(c) + 1) % 10)
    if c == "z":
        return "a"
    if c == "Z":
        return "A"
    return chr(ord(c) + 1)


def _spans(doc: str, open_tag: str, close_tag: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while (i := doc.find(open_tag, i)) != -1:
        j = doc.index(close_tag, i) + len(close_tag)
        out.append((i, j))
        i = j
    return out


def signed_region(doc: str, mode: str) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """(covered span, holes). KeyInfo is covered by no signature of its own: with the assertion signed alone its
    KeyInfo is a hole; with a Response signature, that signature's KeyInfo (the first one) is the hole."""
    keyinfos = _spans(doc, "<ds:KeyInfo>", "</ds:KeyInfo>")
    if mode == "assertion":
        a = _spans(doc, "<saml:Assertion ", "</saml:Assertion>")[0]
        return a, [k for k in keyinfos if a[0] <= k[0] < a[1]]
    return (0, len(doc)), keyinfos[:1]


def candidate_positions(doc: str, mode: str) -> tuple[list[int], list[int]]:
    (lo, hi), holes = signed_region(doc, mode)
    b64 = [s for name in BASE64_ELEMENTS for s in _spans(doc, f"<ds:{name}>", f"</ds:{name}>")]
    pos = []
    for m in re.finditer(r'\s([A-Za-z_][\w:.-]*)="([^"]*)"', doc):
        if not m.group(1).startswith("xmlns"):  # an unused xmlns:xs URI is not part of the exc-c14n output
            pos += [m.start(2) + i for i, ch in enumerate(m.group(2)) if ch.isalnum()]
    for m in re.finditer(r">([^<]+)<", doc):
        pos += [m.start(1) + i for i, ch in enumerate(m.group(1)) if ch.isalnum()]
    text, base64 = [], []
    for p in sorted(set(pos)):
        if not lo <= p < hi or any(a <= p < b for a, b in holes):
            continue
        if doc[p + 1:p + 2] == "=":  # the last base64 digit before padding may carry only unused bits
            continue
        (base64 if any(a <= p < b for a, b in b64) else text).append(p)
    return text, base64


def element_renames(xml: bytes, mode: str, n: int = RENAMES) -> list[bytes]:
    def signed_elements(r):
        if mode == "assertion":
            a = samlgen.assertion_of(r)
            unsigned = set(a.find(f"{samlgen.DS}Signature/{samlgen.DS}KeyInfo").iter())
            return [e for e in a.iter() if isinstance(e.tag, str) and e not in unsigned]
        unsigned = set(r.find(f"{samlgen.DS}Signature/{samlgen.DS}KeyInfo").iter())
        return [e for e in r.iter() if isinstance(e.tag, str) and e not in unsigned]

    count = len(signed_elements(samlgen.parse(xml)))
    out = []
    for k in range(n):
        r = samlgen.parse(xml)
        e = signed_elements(r)[k * count // n]
        ns, local = e.tag[1:].split("}")
        e.tag = "{%s}%s" % (ns, local[:-1] + _bump(local[-1]))
        out.append(samlgen.serialize(r))
    return out


def _spread(items: list[int], k: int) -> list[int]:
    return [items[int(i * len(items) / k)] for i in range(min(k, len(items)))]


@pytest.mark.parametrize("mode", ["both", "assertion", "response"])
def test_one_character_change_anywhere_signed_is_rejected(gatehouse_bin, work_dir, mode):
    xml = samlgen.fresh_signed_response("mutations-" + mode, sign=mode)
    md = work_dir / "idp.xml"
    md.write_text(samlgen.idp_metadata(certs=("idp-rsa",)))
    base = work_dir / "base.xml"
    base.write_bytes(xml)
    v = S.gatehouse_verify(gatehouse_bin, base, md, in_response_to=samlgen.REQUEST_ID)
    assert v.rc == 0, f"the unmodified response must be accepted first: {v.out}"

    doc = xml.decode()
    text, base64 = candidate_positions(doc, mode)
    n_b64 = (TARGET - RENAMES) // 3
    picks = _spread(text, TARGET - RENAMES - n_b64) + _spread(base64, n_b64)
    mutants = [(f"char@{p} {doc[max(0, p - 24):p]!r}[{doc[p]}→{_bump(doc[p])}]",
                (doc[:p] + _bump(doc[p]) + doc[p + 1:]).encode()) for p in picks]
    mutants += [(f"rename#{i}", m) for i, m in enumerate(element_renames(xml, mode))]
    assert len(mutants) >= TARGET

    def run(item):
        i, (label, data) = item
        f = work_dir / f"m{i}.xml"
        f.write_bytes(data)
        return label, S.gatehouse_verify(gatehouse_bin, f, md, in_response_to=samlgen.REQUEST_ID)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, enumerate(mutants)))
    accepted = [label for label, v in results if v.rc == 0]
    crashed = [f"{label} rc={v.rc}" for label, v in results if v.rc not in (0, 1)]
    codes: dict[str | None, int] = {}
    for _, v in results:
        codes[v.code] = codes.get(v.code, 0) + 1
    print(f"\n{mode}: {len(results)} mutations ({len(text)} text / {len(base64)} base64 candidates); codes: {codes}")
    assert not accepted, f"ACCEPTED after a one-character change: {accepted}"
    assert not crashed, f"exit code other than 1: {crashed}"
