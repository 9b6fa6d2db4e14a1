"""A one-character change anywhere signed is rejected.

A fresh realistic response (assertion AND Response signed by libxmlsec1, current real times) is accepted; then ~150
single-character mutations, spread evenly over every signed text node and attribute value (letters and digits, so
the canonical form changes) plus consistent element renames, must each exit 1 — never 0."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from peers import saml as S
from peers.saml import samlgen

TARGET = 150


def _bump(c: str) -> str:
    if c.isdigit():
        return str((int(c) + 1) % 10)
    if c == "z":
        return "a"
    if c == "Z":
        return "A"
    return chr(ord(c) + 1)


def _unsigned_ranges(doc: str) -> list[tuple[int, int]]:
    """The Response-level signature's KeyInfo is covered by no signature: changes there are not 'signed'."""
    start = doc.index("<ds:KeyInfo>")  # the first KeyInfo is the Response signature's (it precedes the Assertion)
    return [(start, doc.index("</ds:KeyInfo>", start) + len("</ds:KeyInfo>"))]


def candidate_positions(doc: str) -> list[int]:
    skip = _unsigned_ranges(doc)
    pos = []
    # attribute values (never namespace declarations: an unused xmlns:xs URI is not part of exc-c14n output)
    for m in re.finditer(r'\s([A-Za-z_][\w:.-]*)="([^"]*)"', doc):
        if m.group(1).startswith("xmlns"):
            continue
        pos += [m.start(2) + i for i, ch in enumerate(m.group(2)) if ch.isalnum()]
    # text content
    for m in re.finditer(r">([^<]+)<", doc):
        pos += [m.start(1) + i for i, ch in enumerate(m.group(1)) if ch.isalnum()]
    out = []
    for p in sorted(set(pos)):
        if any(a <= p < b for a, b in skip):
            continue
        if doc[p + 1:p + 2] == "=":  # last base64 digit before padding may carry only unused bits
            continue
        out.append(p)
    return out


def element_renames(xml: bytes, n: int = 10) -> list[bytes]:
    def signed_elements(r):
        # everything except the Response signature's own KeyInfo subtree (covered by no signature)
        unsigned = set(r.find(f"{samlgen.DS}Signature/{samlgen.DS}KeyInfo").iter())
        return [e for e in r.iter() if isinstance(e.tag, str) and e not in unsigned]

    elems = signed_elements(samlgen.parse(xml))
    step = max(1, len(elems) // n)
    out = []
    for i in range(0, len(elems), step)[:n]:
        r = samlgen.parse(xml)
        e = signed_elements(r)[i]
        ns, local = e.tag[1:].split("}")
        e.tag = "{%s}%s" % (ns, local[:-1] + _bump(local[-1]))
        out.append(samlgen.serialize(r))
    return out


def test_one_character_change_anywhere_signed_is_rejected(gatehouse_bin, work_dir):
    xml = samlgen.fresh_signed_response("mutations", sign="both")
    md = work_dir / "idp.xml"
    md.write_text(samlgen.idp_metadata(certs=("idp-rsa",)))
    base = work_dir / "base.xml"
    base.write_bytes(xml)
    v = S.gatehouse_verify(gatehouse_bin, base, md, in_response_to=samlgen.REQUEST_ID)
    assert v.rc == 0, f"the unmodified response must be accepted first: {v.out}"

    doc = xml.decode()
    cands = candidate_positions(doc)
    renames = element_renames(xml)
    picks = [cands[int(i * len(cands) / (TARGET - len(renames)))] for i in range(TARGET - len(renames))]
    mutants = [(f"char@{p} {doc[max(0, p - 20):p]!r}[{doc[p]}→{_bump(doc[p])}]",
                (doc[:p] + _bump(doc[p]) + doc[p + 1:]).encode()) for p in picks]
    mutants += [(f"rename#{i}", m) for i, m in enumerate(renames)]
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
    codes = {}
    for _, v in results:
        codes[v.code] = codes.get(v.code, 0) + 1
    print(f"\n{len(results)} mutations; rejection codes: {codes}")
    assert not accepted, f"ACCEPTED after a one-character change: {accepted}"
    assert not crashed, f"exit code other than 1: {crashed}"
