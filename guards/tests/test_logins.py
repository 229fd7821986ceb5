"""Issue 11.6: failed logins are throttled per address and per account; API tokens end on a
password change and after KEFU_API_TOKEN_HOURS."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from kefu.apitest import ApiClient, error_of

TOKEN = "/api/v1/auth/token"


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def _wrong_api_login(username="agent", address="10.0.0.1"):
    return ApiClient(REMOTE_ADDR=address).post(TOKEN, {"username": username, "password": "wrong-password"})


def test_repeated_failed_api_logins_get_429_even_with_the_right_password(world, limits):
    world.agent.set_password("right-password-2026")
    world.agent.save()
    answers = [_wrong_api_login().status_code for _ in range(3)]
    right = ApiClient(REMOTE_ADDR="10.0.0.1").post(TOKEN, {"username": "agent", "password": "right-password-2026"})

    assert answers == [401, 401, 429]
    assert right.status_code == 429
    error = error_of(right)
    assert error["code"] == "too_many_failed_logins"
    assert error["message"] == "登录失败次数过多，请15分钟后再试。"
    assert right["Retry-After"] == "900"
    assert not ApiToken.objects.exists()


def test_the_lock_is_per_account_across_addresses(world, limits):
    for n in range(3):
        _wrong_api_login(address=f"10.0.0.{n}")

    assert _wrong_api_login(address="10.9.9.9").status_code == 429
    assert _wrong_api_login(username="agent2", address="10.9.9.8").status_code == 401


def test_the_lock_is_per_address_across_accounts(world, limits):
    for name in ("agent", "agent2", "steward"):
        _wrong_api_login(username=name)

    assert _wrong_api_login(username="night").status_code == 429
    assert _wrong_api_login(username="night", address="10.0.0.2").status_code == 401


def test_the_lock_ends_after_the_cool_off(world, limits):
    world.agent.set_password("right-password-2026")
    world.agent.save()
    for _ in range(3):
        _wrong_api_login()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        right = ApiClient(REMOTE_ADDR="10.0.0.1").post(TOKEN, {"username": "agent", "password": "right-password-2026"})

    assert right.status_code == 200


def test_the_login_page_is_throttled_with_a_friendly_message(world, limits):
    browser = Client(REMOTE_ADDR="10.0.0.7")
    answers = [browser.post("/login/", {"username": "agent", "password": "nope"}).status_code for _ in range(4)]

    assert answers == [200, 200, 429, 429]
    page = browser.post("/login/", {"username": "agent", "password": "nope"}).content.decode()
    assert "登录失败次数过多，请15分钟后再试。" in page


def test_a_password_change_ends_the_api_tokens(world):
    api = ApiClient(world.agent)
    assert api.get("/api/v1/tickets").status_code == 200

    world.agent.set_password("a-new-password-2026")
    world.agent.save()

    assert api.get("/api/v1/tickets").status_code == 401
    assert not ApiToken.objects.filter(user=world.agent).exists()


def test_saving_other_fields_keeps_the_tokens(world):
    api = ApiClient(world.agent)
    world.agent.name = "孙丽丽"
    world.agent.save()

    assert api.get("/api/v1/tickets").status_code == 200


def test_tokens_expire_after_the_configured_hours(world, settings):
    settings.KEFU_API_TOKEN_HOURS = 8
    api = ApiClient(world.agent)
    with time_machine.travel(timezone.now() + timedelta(hours=7, minutes=59)):
        assert api.get("/api/v1/tickets").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1)):
        assert api.get("/api/v1/tickets").status_code == 401


# Behind the HTTPS proxy (KEFU_HTTPS=true) every request comes from the proxy's address: the
# client counted is the one the proxy appended to X-Forwarded-For (core.client).
PROXY = "10.0.0.254"


def _through_proxy(forwarded_for: str, username: str):
    client = ApiClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(TOKEN, {"username": username, "password": "wrong-password"})


@pytest.fixture
def behind_proxy(limits):
    limits.KEFU_HTTPS = True
    limits.KEFU_PROXY_COUNT = 1
    return limits


def test_behind_the_proxy_the_forwarded_client_is_counted_not_the_proxy(world, behind_proxy):
    for name in ("agent", "agent2"):
        assert _through_proxy("203.0.113.5", name).status_code == 401

    # The limit (3) is reached from that client, whatever the username.
    assert _through_proxy("203.0.113.5", "night").status_code == 429
    # Another client through the same proxy is not locked out with the first.
    assert _through_proxy("203.0.113.6", "night").status_code == 401
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5", "203.0.113.6"}


def test_a_forged_forwarded_for_entry_does_not_dodge_the_count(world, behind_proxy):
    # The client sends its own X-Forwarded-For; the proxy appends the real address to it.
    for n, name in enumerate(("agent", "agent2")):
        _through_proxy(f"198.51.100.{n}, 203.0.113.5", name)

    assert _through_proxy("198.51.100.99, 203.0.113.5", "night").status_code == 429


def test_with_two_proxies_the_second_entry_from_the_right_is_the_client(world, behind_proxy):
    behind_proxy.KEFU_PROXY_COUNT = 2
    for name in ("agent", "agent2"):
        _through_proxy(f"203.0.113.5, 10.0.0.{len(name)}", name)

    assert _through_proxy("203.0.113.5, 10.0.0.1", "night").status_code == 429
    assert _through_proxy("203.0.113.7, 10.0.0.1", "night").status_code == 401


def test_without_the_https_setting_forwarded_for_is_ignored(world, limits):
    # Anyone reaching gunicorn directly could send the header: only REMOTE_ADDR counts.
    for n, name in enumerate(("agent", "agent2")):
        _through_proxy(f"203.0.113.{n}", name)

    assert _through_proxy("203.0.113.50", "night").status_code == 429
