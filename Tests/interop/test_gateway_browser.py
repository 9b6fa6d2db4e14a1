"""A real browser through the gateway: Debian's chromium + chromedriver, driven by Selenium.

`gatehouse demo` (gateway + mock IdP + SQLite) runs on loopback ports of its own; nginx (Debian) runs in front of a
protected upstream with `auth_request` to `/auth/check` (config/nginx/gatehouse-forward-auth.conf, loopback copy).

Flows: email → mock IdP login page → auto-POST to the ACS → workspace page, for SAML and OIDC; nginx → 302 to
login → back to the protected page with the user's identity; bob's broken group claim → a clear refusal; logout.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from peers.processes import stop, wait_http

GW_PORT, IDP_PORT, NGINX_PORT, UPSTREAM_PORT = 18180, 18189, 18190, 18191
GW = f"http://127.0.0.1:{GW_PORT}"
NGINX = f"http://127.0.0.1:{NGINX_PORT}"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _required(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why + " (required when CI=true)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def demo(gatehouse_bin: str, repo_root: Path, tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    log = open(work / "demo.log", "w")
    proc = subprocess.Popen(
        [gatehouse_bin, "demo", "--port", str(GW_PORT), "--idp-port", str(IDP_PORT), "--database", str(work / "demo.sqlite"),
         "--allow-return-origin", NGINX],
        cwd=repo_root, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(GW + "/healthz")
        wait_http(f"http://127.0.0.1:{IDP_PORT}/")
        yield work
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def nginx(demo: Path, repo_root: Path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    _required(os.path.exists(binary), "nginx is not installed (scripts/setup.sh installs it)")
    prefix = demo / "nginx"
    (prefix / "logs").mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{UPSTREAM_PORT};
        location / {{ default_type text/plain; return 200 "protected content for [$http_x_gatehouse_email] role [$http_x_gatehouse_role] workspace [$http_x_gatehouse_workspace]\\n"; }}
    }}
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        location = /static204 {{ return 204; }}
        location / {{
            auth_request /_gatehouse_check;
            auth_request_set $gh_user $upstream_http_x_gatehouse_user;
            auth_request_set $gh_email $upstream_http_x_gatehouse_email;
            auth_request_set $gh_workspace $upstream_http_x_gatehouse_workspace;
            auth_request_set $gh_role $upstream_http_x_gatehouse_role;
            auth_request_set $gh_login $upstream_http_x_gatehouse_login_url;
            error_page 401 = @gatehouse_login;
            proxy_set_header X-Gatehouse-User $gh_user;
            proxy_set_header X-Gatehouse-Email $gh_email;
            proxy_set_header X-Gatehouse-Workspace $gh_workspace;
            proxy_set_header X-Gatehouse-Role $gh_role;
            proxy_pass http://127.0.0.1:{UPSTREAM_PORT};
        }}
        location = /_gatehouse_check {{
            internal;
            proxy_pass {GW}/auth/check;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
        }}
        location @gatehouse_login {{ return 302 $gh_login; }}
    }}
}}
""")
    proc = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_http(NGINX + "/static204")
        yield NGINX
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def browser(demo):
    _required(os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER),
              "chromium/chromedriver are not installed (scripts/setup.sh installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def _by_id(driver, element_id):
    from selenium.webdriver.common.by import By
    return _wait(driver, lambda d: d.find_element(By.ID, element_id))


def _login(driver, email: str, user: str, connection: str = "mock-saml"):
    from selenium.webdriver.common.by import By
    _by_id(driver, "email").send_keys(email)
    _by_id(driver, "continue").click()
    _by_id(driver, f"sso-{connection}").click()
    # The mock IdP's login page: pick the user; its answer auto-posts to the gateway.
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"button[name=user][value={user}]")).click()


def test_saml_login_lands_on_the_workspace(browser):
    browser.get(GW + "/login")
    _login(browser, "alice@example.com", "alice", "mock-saml")
    assert _by_id(browser, "workspace").text == "Example"
    assert _by_id(browser, "role").text == "admin"
    assert _by_id(browser, "email").text == "alice@example.com"
    cookie = browser.get_cookie("gh_session")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    _by_id(browser, "logout").click()
    _wait(browser, lambda d: "logged_out=1" in d.current_url)
    browser.get(GW + "/")
    _wait(browser, lambda d: d.current_url.startswith(GW + "/login"))


def test_oidc_login_lands_on_the_workspace(browser):
    browser.get(GW + "/login")
    _login(browser, "alice@example.com", "alice", "mock-oidc")
    assert _by_id(browser, "workspace").text == "Example"
    assert _by_id(browser, "role").text == "admin"


def test_broken_group_claim_shows_a_clear_error(browser, demo: Path):
    browser.get(GW + "/login")
    _login(browser, "bob@example.com", "bob", "mock-saml")
    message = _by_id(browser, "message").text
    assert "not assigned a role" in message
    assert _by_id(browser, "request-id").text
    assert "engineering" not in browser.page_source  # the admin sees the near miss in the log, not the browser
    log = (demo / "demo.log").read_text()
    assert "anthropic-engineering" in log and "policy." in log


def test_nginx_auth_request_redirects_to_login_and_back(browser, nginx):
    browser.get(nginx + "/reports?week=47")
    _wait(browser, lambda d: d.current_url.startswith(GW + "/login"))
    _login(browser, "alice@example.com", "alice", "mock-saml")
    _wait(browser, lambda d: d.current_url == nginx + "/reports?week=47")
    body = browser.find_element("tag name", "body").text
    assert "protected content for [alice@example.com] role [admin] workspace [example]" in body


def test_nginx_refuses_without_session_and_forged_headers_do_not_help(nginx, demo):
    req = urllib.request.Request(nginx + "/secret", headers={"X-Gatehouse-Email": "ceo@example.com"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as e:
        opener.open(req, timeout=5)
    assert e.value.code == 302
    assert e.value.headers["Location"].startswith(GW + "/login?return_to=")


def test_authn_request_is_signed_and_metadata_publishes_the_sp_certificate(demo, repo_root: Path):
    """The HTTP-Redirect AuthnRequest's detached signature verifies with `cryptography` (an independent
    implementation) over the exact query octets, with the SP certificate from config/gatehouse.yaml."""
    import base64
    import re
    import zlib
    from urllib.parse import unquote, urlsplit

    import requests
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    s = requests.Session()
    page = s.get(GW + "/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = s.post(GW + "/login/sso", data={"email": "alice@example.com", "csrf": csrf, "connection": "mock-saml"},
               allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    query = urlsplit(r.headers["Location"]).query
    signed, signature = query.split("&Signature=")
    params = dict(p.split("=", 1) for p in signed.split("&"))
    assert unquote(params["SigAlg"]) == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    cert = x509.load_pem_x509_certificate((repo_root / "certs" / "sp-rsa.crt.pem").read_bytes())
    cert.public_key().verify(base64.b64decode(unquote(signature)), signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    xml = zlib.decompress(base64.b64decode(unquote(params["SAMLRequest"])), -15).decode()
    assert 'AssertionConsumerServiceURL="%s/saml/acs"' % GW in xml
    metadata = s.get(GW + "/saml/metadata").text
    pem_body = "".join((repo_root / "certs" / "sp-rsa.crt.pem").read_text().strip().splitlines()[1:-1])
    assert pem_body[:60] in metadata.replace("\n", "") and 'AuthnRequestsSigned="true"' in metadata
