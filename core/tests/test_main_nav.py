"""The top bar's menu is written once per process for each set of facts it reads (core's main_nav
tag, includes/main_nav.html, issue 19): it must still follow the page, the reader and the language."""

import pytest
from django.conf import settings
from django.urls import reverse


def nav(client, url_name: str) -> str:
    page = client.get(reverse(url_name)).content.decode()
    return page.split('<nav class="mainnav"')[1].split("</nav>")[0]


def test_the_active_link_follows_the_page(client, world):
    client.force_login(world.supervisor)

    on_board, on_queue = nav(client, "board"), nav(client, "department-queue")

    assert f'href="{reverse("board")}" class="active"' in on_board
    assert f'href="{reverse("department-queue")}" class=""' in on_board
    assert f'href="{reverse("department-queue")}" class="active"' in on_queue
    assert f'href="{reverse("board")}" class=""' in on_queue


def test_a_new_department_head_finds_the_overdue_board_in_the_menu(client, world):
    # (a field engineer sees that board only while heading a department: not a fact of the role)
    client.force_login(world.engineer)
    assert reverse("overdue-board") not in nav(client, "department-queue")

    world.eng.head = world.engineer
    world.eng.save(update_fields=["head"])

    assert reverse("overdue-board") in nav(client, "department-queue")


def test_the_menu_speaks_the_readers_language(client, world):
    client.force_login(world.supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = nav(client, "board")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = nav(client, "board")

    assert ">Board</a>" in english
    assert ">Board</a>" not in chinese


@pytest.mark.parametrize("persona", ["agent", "supervisor", "engineer", "qa", "admin"])
def test_the_written_menu_is_the_one_rendered_for_the_reader(client, world, settings, persona):
    client.force_login(getattr(world, persona))
    for other in ("agent", "engineer", "admin"):  # other readers' menus written first
        client.force_login(getattr(world, other))
        nav(client, "knowledge")
    client.force_login(getattr(world, persona))
    written = nav(client, "knowledge")

    settings.DEBUG = True  # rendered anew on each page
    assert nav(client, "knowledge") == written
