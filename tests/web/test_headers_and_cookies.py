"""Headers and cookies to OWASP ASVS 5.0 L1/L2, https as seen through a trusted proxy only, and
links that carry on only the query arguments our pages understand."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from tests.web.conftest import BOLBRO, csrf_token_in, page_of

HTTPS_FROM_NGINX = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
MakeApp = Callable[[dict[str, Any]], Flask]


def test_every_page_sends_the_policies(seeded_client) -> None:  # noqa: ANN001
    for path in ("/", f"/tilbud/{BOLBRO}", "/findes-ikke", "/api/v1/search?q=varmestue"):
        headers = seeded_client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy, path
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
        permissions = headers["Permissions-Policy"]
        assert "camera=()" in permissions and "microphone=()" in permissions
        assert "geolocation=(self)" in permissions  # "Nær min position" on our own pages
        assert headers["X-Content-Type-Options"] == "nosniff"
        # Plain http (development): no HSTS, the browser would ignore it anyway.
        assert "Strict-Transport-Security" not in headers


def test_behind_a_trusted_proxy_https_brings_hsts_and_host_only_secure_cookies(
    seeded_app: Flask, app_config: dict[str, Any], make_app: MakeApp
) -> None:
    client = make_app({**app_config, "TRUSTED_PROXIES": 1}).test_client()
    home = client.get("/?lang=en", headers=HTTPS_FROM_NGINX)
    assert home.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    lang_cookie = home.headers["Set-Cookie"]
    assert lang_cookie.startswith("__Host-lang=en;")
    assert all(part in lang_cookie for part in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"))
    assert "Domain" not in lang_cookie
    # The __Host- cookie carries the choice on, over https.
    client.set_cookie("__Host-lang", "en")
    assert "Find a service" in page_of(client.get("/", headers=HTTPS_FROM_NGINX)).text

    form = client.get(f"/tilbud/{BOLBRO}/rapporter", headers=HTTPS_FROM_NGINX)
    session_cookie = form.headers["Set-Cookie"]
    assert session_cookie.startswith("__Host-session=")
    assert all(part in session_cookie for part in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"))
    # The session behind the __Host- name works: the form's CSRF token is accepted.
    client.set_cookie("__Host-session", session_cookie.split(";")[0].split("=", 1)[1])
    # (Over https Flask-WTF also wants the same-origin Referer a browser sends.)
    referer = {"Referer": f"https://localhost/tilbud/{BOLBRO}/rapporter"}
    sent = client.post(f"/tilbud/{BOLBRO}/rapporter", headers={**HTTPS_FROM_NGINX, **referer},
                       data={"message": "Telefonnummeret er skiftet",
                             "csrf_token": csrf_token_in(form.get_data(as_text=True))})
    assert sent.status_code == 303
    # The privacy page names the cookies as they are set.
    privacy = page_of(client.get("/privatliv", headers=HTTPS_FROM_NGINX)).text
    assert "__Host-lang" in privacy and "__Host-session" in privacy


def test_over_plain_http_cookies_are_not_secure_or_prefixed(seeded_client) -> None:  # noqa: ANN001
    cookie = seeded_client.get(f"/tilbud/{BOLBRO}/rapporter").headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Secure" not in cookie
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_without_trusted_proxies_forwarded_headers_are_ignored(
    seeded_app: Flask, app_config: dict[str, Any], make_app: MakeApp
) -> None:
    """A client cannot claim https (or another address) by sending the headers itself."""
    response = seeded_app.test_client().get("/?lang=en", headers=HTTPS_FROM_NGINX)
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Set-Cookie"].startswith("lang=en;")
    # With two proxies configured, one forwarded hop is not enough to be believed either.
    two_proxies = make_app({**app_config, "TRUSTED_PROXIES": 2}).test_client()
    two = two_proxies.get("/", headers=HTTPS_FROM_NGINX)
    assert "Strict-Transport-Security" not in two.headers


def test_unknown_query_arguments_are_not_copied_into_links(seeded_client) -> None:  # noqa: ANN001
    junk = "x" * 60_000
    plain = seeded_client.get("/?q=varmestue")
    padded = seeded_client.get(f"/?q=varmestue&utm_source={junk}&page=1")
    assert padded.status_code == 200
    # The 60 KB argument made a 1 MB page; now the page is as large as without it.
    assert len(padded.get_data()) < len(plain.get_data()) + 2_000
    links = page_of(padded).hrefs()
    assert links and not any("utm_source" in href or "xxxx" in href for href in links)
    # What the page understands is still carried on: the query and the language.
    assert any("q=varmestue" in href and "lang=en" in href for href in links)


def test_known_arguments_are_bounded_in_links(seeded_client) -> None:  # noqa: ANN001
    repeated = "&".join(["category=varmestue"] * 500)
    response = seeded_client.get(f"/?q={'a' * 20_000}&{repeated}")
    page = page_of(response)
    switch = page.hrefs("English")
    assert switch and switch[0].count("category=") == 20 and len(switch[0]) < 2_000


def test_a_detail_page_keeps_its_week_and_language_links(seeded_client) -> None:  # noqa: ANN001
    page = page_of(seeded_client.get(f"/tilbud/{BOLBRO}?fra=2026-12-07&tracking=abc"))
    week_links = page.hrefs("Næste uge")
    assert week_links and "fra=2026-12-14" in week_links[0] and "tracking" not in week_links[0]
