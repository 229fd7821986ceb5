"""kefu.lanes: an API call passes API_MIDDLEWARE, a page the whole MIDDLEWARE."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client, override_settings
from django.urls import path

from kefu.apitest import ApiClient
from kefu.lanes import ApiLaneMiddleware, _Lane, is_api_call

SEEN: list[str] = []


def _noted(name):
    class Noting:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            SEEN.append(f"{name}:call")
            return self.get_response(request)

        def process_view(self, request, view, args, kwargs):
            SEEN.append(f"{name}:view")

        def process_exception(self, request, exception):
            SEEN.append(f"{name}:exception")
            return HttpResponse("caught", status=418)

        def process_template_response(self, request, response):
            SEEN.append(f"{name}:template")
            return response

    return Noting


First, Second, Skipped = _noted("first"), _noted("second"), _noted("skipped")


def _fails(request):
    raise ValueError("boom")


def _templated(request):
    return TemplateResponse(request, engines["django"].from_string("ok"))


urlpatterns = [
    path("api/fails", _fails),
    path("api/templated", _templated),
    path("page/fails", _fails),
]
LANE = [f"{__name__}.First", f"{__name__}.Second"]
WHOLE = ["kefu.lanes.ApiLaneMiddleware", f"{__name__}.First", f"{__name__}.Skipped", f"{__name__}.Second"]


@pytest.fixture
def lanes(settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = WHOLE
    settings.API_MIDDLEWARE = LANE
    SEEN.clear()
    return Client(raise_request_exception=False)


def test_an_api_call_passes_its_lane_in_order_with_views_and_exceptions(lanes):
    assert lanes.get("/api/fails").status_code == 418
    assert SEEN == ["first:call", "second:call", "first:view", "second:view", "second:exception"]


def test_a_page_passes_every_middleware(lanes):
    assert lanes.get("/page/fails").status_code == 418
    assert SEEN == [
        "first:call",
        "skipped:call",
        "second:call",
        "first:view",
        "skipped:view",
        "second:view",
        "second:exception",
    ]


def test_template_responses_are_rendered_in_the_lane(lanes):
    assert lanes.get("/api/templated").status_code == 200
    assert SEEN[-2:] == ["second:template", "first:template"]


@pytest.mark.parametrize(
    "lane",
    [
        [f"{__name__}.Second", f"{__name__}.First"],  # another order
        [f"{__name__}.First", "django.middleware.gzip.GZipMiddleware"],  # not in MIDDLEWARE
        ["kefu.lanes.ApiLaneMiddleware"],  # itself
    ],
)
def test_a_lane_that_is_not_a_part_of_the_whole_is_refused(lane):
    with override_settings(MIDDLEWARE=WHOLE, API_MIDDLEWARE=lane), pytest.raises(ImproperlyConfigured):
        ApiLaneMiddleware(lambda request: HttpResponse())


def test_the_lane_is_built_from_its_list_only():
    lane = _Lane(LANE)
    assert [type(m.__self__).__name__ for m in lane._view_middleware] == ["Noting", "Noting"]
    assert len(lane._exception_middleware) == 2


def test_the_swagger_page_is_a_page():
    assert is_api_call("/api/v1/tickets") and is_api_call("/api/v1/openapi.json")
    assert not is_api_call("/api/v1/docs") and not is_api_call("/tickets/") and not is_api_call("/apiary")


def test_an_api_answer_keeps_what_the_api_needs_and_nothing_of_the_pages(world):
    response = ApiClient(world.agent).get("/api/v1/tickets", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware
    assert response["Content-Language"] == "en"  # LocaleMiddleware
    assert int(response["Content-Length"]) == len(response.content)  # CommonMiddleware
    for header in ("X-Frame-Options", "Content-Security-Policy"):
        assert header not in response
    assert "cookie" not in response.get("Vary", "").lower() and not response.cookies


def test_an_api_error_speaks_the_callers_language(client):
    assert (
        client.get("/api/v1/tickets").json()["error"]["message"]
        != client.get("/api/v1/tickets", headers={"Accept-Language": "en"}).json()["error"]["message"]
    )


def test_a_page_keeps_the_pages_headers(client, world):
    client.force_login(world.agent)
    response = client.get("/mine/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and docs["X-Frame-Options"] == "DENY"
