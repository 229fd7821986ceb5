"""Saved filters on the board (issue 13, defect 11): saved under a name, shown as links to their
owner only, checked like the board's query, replaced by name, deleted."""

import pytest
from django.urls import reverse

from worklists.actions import MAX_SAVED
from worklists.models import SavedFilter

HTMX = {"HTTP_HX_REQUEST": "true"}


def tools(client) -> str:
    return client.get("/lists/tools/", {"screen": "board"}, **HTMX).content.decode()


def test_the_current_board_query_is_saved_under_a_name_and_shown_as_a_link(client, world):
    client.force_login(world.supervisor)

    response = client.post(
        "/lists/filters/",
        {
            "name": "工程部超时",
            "status": "dispatched",
            "department": "eng",
            "overdue": "1",
            "page": "3",
            "sort": "deadline",
        },
    )

    saved = SavedFilter.objects.get(owner=world.supervisor)
    assert saved.name == "工程部超时"
    assert saved.query == "status=dispatched&department=eng&overdue=1&sort=deadline"  # the page is not a filter
    assert response.status_code == 302 and response["Location"] == f"{reverse('board')}?{saved.query}"
    html = tools(client)
    assert (
        'href="/board/?status=dispatched&amp;department=eng&amp;overdue=1&amp;sort=deadline" data-saved="工程部超时"'
        in html
    )
    # the link opens the board as saved
    assert client.get(f"{reverse('board')}?{saved.query}").status_code == 200


def test_saved_filters_are_their_owners_only(client, world):
    client.force_login(world.supervisor)
    client.post("/lists/filters/", {"name": "我的", "category": "complaint"})
    saved = SavedFilter.objects.get()

    client.force_login(world.agent)
    assert "我的" not in tools(client)
    assert client.post(f"/lists/filters/{saved.pk}/delete/").status_code == 404
    assert SavedFilter.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "坏", "status": "lost"}, "status"),
        ({"name": "坏", "sort": "color"}, "sort"),
        ({"name": "坏", "received_from": "2026-03-02", "received_to": "2026-03-01"}, "received_from"),
        ({"name": ""}, "name"),
        ({"name": "长" * 41}, "name"),
    ],
)
def test_a_bad_filter_or_name_is_refused_and_nothing_saved(client, world, data, field):
    client.force_login(world.supervisor)

    response = client.post("/lists/filters/", data, HTTP_ACCEPT_LANGUAGE="zh-hans", **HTMX)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert not SavedFilter.objects.exists()


def test_the_same_name_replaces_its_query_and_delete_removes_it(client, world):
    client.force_login(world.agent)
    client.post("/lists/filters/", {"name": "投诉", "category": "complaint"})
    client.post("/lists/filters/", {"name": "投诉", "category": "complaint", "status": "all"})
    saved = SavedFilter.objects.get()
    assert saved.query == "status=all&category=complaint"

    response = client.post(f"/lists/filters/{saved.pk}/delete/", **HTMX)

    assert response.status_code == 200 and response["HX-Redirect"] == reverse("board")
    assert not SavedFilter.objects.exists()


def test_a_person_keeps_a_bounded_number(client, world):
    SavedFilter.objects.bulk_create(SavedFilter(owner=world.agent, name=f"f{i}") for i in range(MAX_SAVED))
    client.force_login(world.agent)

    assert client.post("/lists/filters/", {"name": "再来一个"}).status_code == 400
    assert SavedFilter.objects.count() == MAX_SAVED
