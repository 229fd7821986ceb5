"""core.middleware.LoginRequiredMiddleware: pages need a login, public paths do not touch it."""

from kefu.apitest import ApiClient


def test_a_page_without_login_goes_to_the_login_page(client, world):
    response = client.get("/tickets/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_api_call_leaves_the_session_alone(world):
    # The API authenticates by token: its answers do not depend on a session cookie, so they
    # neither read the session nor say they vary with the cookie (a cache in front may keep them).
    response = ApiClient(world.agent).get("/api/v1/tickets")
    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()
    assert "sessionid" not in response.cookies
