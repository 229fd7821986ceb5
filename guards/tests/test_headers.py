"""Issue 11.8 and 11.9: security headers, no inline script, KEFU_HTTPS, JSON 404 under /api/v1/."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from kefu.apitest import ApiClient, error_of

ROOT = Path(settings.BASE_DIR)


def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.agent)
    response = client.get("/intake/")
    policy = response["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("style-src-attr")[0]
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" not in folder.parts:
            yield from folder.rglob("*.html")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"hx-on", re.I), "hx-on (evaluated code)"),
    (re.compile(r"<style", re.I), "an inline <style>"),
]


@pytest.mark.parametrize("template", sorted(_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_code_the_policy_would_block(template):
    text = template.read_text()
    found = [what for pattern, what in INLINE if pattern.search(text)]
    # A trigger filter is evaluated code: "keyup[cond]"; "from:input[name=q]" is a CSS selector.
    triggers = [re.sub(r"from:[^,]*", "", t) for t in re.findall(r'hx-trigger="([^"]*)"', text)]
    found += ["an htmx trigger filter (evaluated code)" for t in triggers if "[" in t]
    assert found == []


def _settings_with(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_REDIRECT')}))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environ.update(DJANGO_SETTINGS_MODULE="kefu.settings", **env)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, check=True)
    return json.loads(out.stdout)


def test_kefu_https_turns_on_secure_cookies_hsts_and_the_proxy_header():
    assert _settings_with(KEFU_HTTPS="true") == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
    }
    assert _settings_with(KEFU_HTTPS="false") == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
    }


def test_behind_an_https_proxy_the_answer_carries_hsts_and_secure_cookies(client, world, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    response = client.post(
        "/login/", {"username": "agent", "password": "x"}, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.1.1.1"
    )

    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize("path", ["/api/v1/nowhere", "/api/v1/tickets/GD1/nowhere", "/api/v1/"])
def test_an_unknown_api_path_is_a_json_404(world, path):
    response = ApiClient(world.agent).get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response)["code"] == "not_found"
