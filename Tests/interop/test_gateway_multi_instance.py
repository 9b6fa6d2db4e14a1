"""Two gateway instances (`gatehouse serve`) on one PostgreSQL database, behind one public URL, as behind a load
balancer: a login started on A completes on B; the same SAMLResponse replayed to A is refused; a session revoked
(logout) on A is refused by B on the very next request; B's /healthz answers. Uses the PostgreSQL server that
scripts/services/postgres.sh starts (GATEHOUSE_TEST_POSTGRES_URL) and the mock IdP (`gatehouse mock-idp`).
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from peers.processes import stop, wait_http

IDP_PORT, A_PORT, B_PORT = 18589, 18581, 18582
PUBLIC = "http://127.0.0.1:18580"  # the load balancer's URL; both instances are configured with it
IDP = f"http://127.0.0.1:{IDP_PORT}"


def _create_database(base_url: str) -> str:
    name = "gh_multi_" + uuid.uuid4().hex[:8]
    m = re.match(r"postgres(?:ql)?://([^@/]+)@([^:/]+):(\d+)/", base_url)
    user, host, port = m.group(1), m.group(2), m.group(3)
    subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-q", "-c", f"CREATE DATABASE {name}"],
                   check=True, capture_output=True)
    return re.sub(r"/[^/]*$", "/" + name, base_url)


@pytest.fixture(scope="module")
def instances(gatehouse_bin: str, repo_root: Path, tmp_path_factory):
    base_url = os.environ.get("GATEHOUSE_TEST_POSTGRES_URL")
    if not base_url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("GATEHOUSE_TEST_POSTGRES_URL is not set (scripts/services/postgres.sh) — required when CI=true")
        pytest.skip("GATEHOUSE_TEST_POSTGRES_URL is not set")
    work = tmp_path_factory.mktemp("multi")
    database = _create_database(base_url)
    procs = []
    try:
        idp_log = open(work / "idp.log", "w")
        procs.append(subprocess.Popen(
            [gatehouse_bin, "mock-idp", "--port", str(IDP_PORT), "--users", str(repo_root / "config" / "demo-users.yaml"),
             "--sp", f"{PUBLIC}/saml/metadata={PUBLIC}/saml/acs"], cwd=repo_root, stdout=idp_log, stderr=subprocess.STDOUT))
        wait_http(IDP + "/")
        (work / "idp.xml").write_bytes(urllib.request.urlopen(IDP + "/saml/default/metadata").read())
        (work / "gatehouse.yaml").write_text(f"""
server:
  publicBaseURL: {PUBLIC}
  devMode: true
orgs:
  - id: example
    name: Example
    domains:
      - {{ name: example.com, verified: true, enforced: true }}
    connections:
      - id: mock-saml
        type: saml
        metadataFile: idp.xml
        idpEntityID: {IDP}/saml/default
        spEntityID: {PUBLIC}/saml/metadata
    roleMapping:
      groupCase: sensitive
      defaultRole: member
      rules:
        - {{ id: admins, role: admin, group: anthropic-admins }}
""")
        for port in (A_PORT, B_PORT):
            log = open(work / f"gw-{port}.log", "w")
            procs.append(subprocess.Popen(
                [gatehouse_bin, "serve", "--config", str(work / "gatehouse.yaml"), "--database", database,
                 "--listen", f"127.0.0.1:{port}"], cwd=repo_root, stdout=log, stderr=subprocess.STDOUT))
            wait_http(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{A_PORT}", f"http://127.0.0.1:{B_PORT}"
    finally:
        for p in reversed(procs):
            stop(p)


def _field(name: str, page: str) -> str:
    return html.unescape(re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page).group(1))


def test_login_started_on_a_completes_on_b_and_replay_and_revocation_are_seen_everywhere(instances):
    import requests

    a, b = instances
    browser = requests.Session()
    page = browser.get(a + "/login").text
    start = browser.post(a + "/login", data={"email": "alice@example.com", "csrf": _field("csrf", page)},
                         headers={"Origin": PUBLIC}, allow_redirects=False)
    # Origin is the public URL, not A's: the CSRF check compares with publicBaseURL.
    assert start.status_code == 303, start.text[:300]
    idp_page = browser.get(start.headers["Location"]).text
    hidden = {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"/>', idp_page)}
    hidden["user"] = "alice"
    posted = browser.post(IDP + "/saml/default/sso", data=hidden).text
    response = _field("SAMLResponse", posted)

    # The IdP posts to the public URL; the load balancer sends it to B.
    done = browser.post(b + "/saml/acs", data={"SAMLResponse": response}, allow_redirects=False)
    assert done.status_code == 303, done.text[:500]
    me = browser.get(a + "/me")
    assert me.status_code == 200 and me.json()["role"] == "admin" and me.json()["workspace"] == "example"
    assert browser.get(b + "/auth/check").status_code == 200

    # Replay of the same response on A (with a fresh login cookie from A) is refused: one replay cache for all.
    attacker = requests.Session()
    page = attacker.get(a + "/login").text
    attacker.post(a + "/login", data={"email": "alice@example.com", "csrf": _field("csrf", page)},
                  headers={"Origin": PUBLIC}, allow_redirects=False)
    replay = attacker.post(a + "/saml/acs", data={"SAMLResponse": response}, allow_redirects=False)
    assert replay.status_code == 403

    # Logout on A: B refuses the same cookie on the very next request (well within 1 s).
    csrf = browser.cookies.get("gh_csrf")
    out = browser.post(a + "/logout", data={"csrf": csrf}, headers={"Origin": PUBLIC}, allow_redirects=False)
    assert out.status_code == 303
    t0 = time.monotonic()
    stale = requests.Session()
    stale.cookies.set("gh_session", done.cookies.get("gh_session"))
    assert stale.get(b + "/auth/check").status_code == 401
    assert time.monotonic() - t0 < 1.0
