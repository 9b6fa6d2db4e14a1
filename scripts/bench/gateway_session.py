"""Signs in once through a running `gatehouse demo` (SAML, user alice) with plain HTTP requests and prints the
session cookie as `NAME=VALUE` — what the forward-auth benchmark sends with every /auth/check."""
from __future__ import annotations

import html
import re
import sys

import requests


def field(name: str, page: str) -> str:
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    if not m:
        raise SystemExit(f"no {name} field in page: {page[:300]}")
    return html.unescape(m.group(1))


def main(gateway: str, email: str = "alice@example.com", user: str = "alice") -> None:
    s = requests.Session()
    page = s.get(gateway + "/login").text
    r = s.post(gateway + "/login", data={"email": email, "csrf": field("csrf", page), "return_to": "/"}, allow_redirects=False)
    if r.status_code == 200:  # verified, not enforced: press "Continue with SSO" for the SAML connection
        r = s.post(gateway + "/login/sso", data={"email": email, "csrf": field("csrf", r.text), "return_to": "/",
                                                  "connection": "mock-saml"}, allow_redirects=False)
    idp_page = s.get(r.headers["Location"]).text  # the mock IdP's login page
    action = re.search(r'<form method="post" action="([^"]+)"', idp_page).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"/>', idp_page))
    hidden = {k: html.unescape(v) for k, v in hidden.items()}
    hidden["user"] = user
    idp_base = r.headers["Location"].split("/saml/")[0]
    post = s.post(idp_base + html.unescape(action), data=hidden).text
    acs = html.unescape(re.search(r'<form method="post" action="([^"]+)"', post).group(1))
    done = s.post(acs, data={"SAMLResponse": field("SAMLResponse", post)}, allow_redirects=False)
    if done.status_code != 303:
        raise SystemExit(f"login failed: HTTP {done.status_code}")
    for c in s.cookies:
        if c.name.endswith("gh_session"):
            print(f"{c.name}={c.value}")
            return
    raise SystemExit("no session cookie")


if __name__ == "__main__":
    main(*sys.argv[1:])
