"""The manager keeps the request sub-types (A2) beside the commitments: add, rename, reorder,
deactivate, and commitments of a sub-type or a channel (C3); readers read; the rest are refused.
Every change is in the settings change log with who made it."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse

from deadlines.models import CommitmentPolicy, Deadline
from tickets.models import RequestSubtype

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_the_manager_adds_renames_reorders_and_deactivates_subtypes(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("subtypes")).content.decode()
    assert 'data-subtype="elevator"' in page and "data-subtype-form" in page

    assert client.post(reverse("subtype-add"), {"category": "repair", "name": "下水道"}).status_code == 302
    drain = RequestSubtype.objects.get(name="下水道")
    assert (drain.category, drain.code, drain.is_active) == ("repair", "repair-6", True)
    assert drain.position == RequestSubtype.objects.filter(category="repair").count()  # last of its category
    client.post(reverse("subtype-add"), {"category": "repair", "name": "空调", "code": "air_con"})
    assert RequestSubtype.objects.get(code="air_con").name == "空调"

    client.post(reverse("subtype-rename", args=[drain.pk]), {"name": "管道疏通"})
    client.post(reverse("subtype-move", args=[drain.pk]), {"up": "1"})
    client.post(reverse("subtype-active", args=[drain.pk]), {"active": "0"})
    drain.refresh_from_db()
    assert (drain.name, drain.is_active) == ("管道疏通", False)
    codes = list(RequestSubtype.objects.filter(category="repair").values_list("code", flat=True))
    assert codes[-3:] == ["repair-6", "public_facilities", "air_con"]  # one up, before 公共设施

    history = drain.history.order_by("history_id")
    assert [h.history_user for h in history] == [world.manager] * 4
    log = client.get(reverse("settings-changes")).content.decode()
    assert "管道疏通" in log and "下水道" in log


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"category": "repair", "name": ""}, "name", "请填写子类名称。"),
        ({"category": "repair", "name": "电梯"}, "name", "该类别下已有同名子类。"),
        ({"category": "repair", "name": "空调", "code": "elevator"}, "code", "该编码已被其他子类使用。"),
        ({"category": "repair", "name": "空调", "code": "Air Con"}, "code", "编码无效。"),
        ({"category": "fire", "name": "空调"}, "category", "类别取值无效。"),
    ],
)
def test_bad_subtypes_are_refused_in_chinese_and_nothing_is_written(client, world, body, field, message):
    client.force_login(world.manager)
    before = RequestSubtype.objects.count()
    response = client.post(reverse("subtype-add"), body, headers={"HX-Request": "true"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'data-field="{field}"' in page
    assert RequestSubtype.objects.count() == before


def test_a_rename_to_a_taken_name_is_refused(client, world):
    client.force_login(world.manager)
    lift = RequestSubtype.objects.get(code="elevator")
    response = client.post(reverse("subtype-rename", args=[lift.pk]), {"name": "门窗"})
    assert response.status_code == 400
    lift.refresh_from_db()
    assert lift.name == "电梯"


@pytest.mark.parametrize("persona", ["supervisor", "qa"])
def test_readers_see_the_subtypes_but_change_nothing(client, world, persona):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("subtypes")).content.decode()
    assert 'data-subtype="elevator"' in page and "data-subtype-form" not in page
    lift = RequestSubtype.objects.get(code="elevator")
    assert client.post(reverse("subtype-add"), {"category": "repair", "name": "空调"}).status_code == 403
    assert client.post(reverse("subtype-active", args=[lift.pk]), {"active": "0"}).status_code == 403
    assert RequestSubtype.objects.get(code="elevator").is_active


@pytest.mark.parametrize("persona", ["agent", "engineer"])
def test_the_others_are_refused(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("subtypes")).status_code == 403


def test_the_manager_gives_a_subtype_a_commitment_of_its_own(client, world, make_ticket):
    client.force_login(world.manager)
    lift = RequestSubtype.objects.get(code="elevator")
    response = client.post(
        reverse("commitment-set"),
        {"category": "repair", "subtype": lift.pk, "kind": "handle", "hours": 1, "minutes": 0},
    )
    assert response.status_code == 302
    policy = CommitmentPolicy.objects.get(subtype=lift, kind="handle", is_active=True)
    assert (policy.category, policy.minutes, policy.version, policy.changed_by) == ("repair", 60, 1, world.manager)

    handle = Deadline.objects.get(ticket=make_ticket(subtype="elevator"), kind="handle")
    assert (handle.policy, handle.due_at) == (policy, T0 + timedelta(hours=1))
    plain = Deadline.objects.get(ticket=make_ticket(), kind="handle")
    assert plain.due_at == T0 + timedelta(hours=6)

    # the sub-type's row in the table, and the table filtered to it
    page = client.get(reverse("commitments"), {"subtype": "elevator"}).content.decode()
    assert 'data-key="repair:elevator/*/*/handle"' in page and 'data-key="repair/*/*/handle"' not in page
    assert 'data-subtype-commitments="elevator">1<' in client.get(reverse("subtypes")).content.decode()

    # a used version is revised into the next one, keyed by its sub-type
    client.post(
        reverse("commitment-set"),
        {"category": "repair", "subtype": lift.pk, "kind": "handle", "hours": 0, "minutes": 45},
    )
    assert list(
        CommitmentPolicy.objects.filter(subtype=lift, kind="handle")
        .order_by("version")
        .values_list("version", "minutes", "is_active")
    ) == [(1, 60, False), (2, 45, True)]
    history = client.get(reverse("commitment-history", args=[policy.pk])).content.decode()
    assert 'data-version="1"' in history and 'data-version="2"' in history
    assert CommitmentPolicy.objects.get(category="repair", subtype=None, kind="handle", priority="", is_active=True)


def test_a_commitment_for_a_subtype_of_another_category_is_refused(client, world):
    client.force_login(world.manager)
    noise = RequestSubtype.objects.get(code="noise")
    before = CommitmentPolicy.objects.count()
    response = client.post(
        reverse("commitment-set"),
        {"category": "repair", "subtype": noise.pk, "kind": "handle", "hours": 1, "minutes": 0},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "该子类属于另一个类别。" in response.content.decode()
    assert CommitmentPolicy.objects.count() == before


def test_the_channel_commitments_are_in_the_table(client, world):
    client.force_login(world.supervisor)
    page = client.get(reverse("commitments"), {"category": "suggestion"}).content.decode()
    for channel in ("email", "online", "message"):
        assert f'data-key="suggestion@{channel}/*/*/answer"' in page
    assert 'data-key="suggestion/*/*/answer"' in page


def test_an_installation_from_before_gets_the_new_defaults_once(db):
    """Migration 0011 on a database whose commitment table was seeded before sub-types."""
    from importlib import import_module

    migration = import_module("deadlines.migrations.0011_default_subtypes_and_channel_commitments")
    CommitmentPolicy.objects.exclude(channel="", subtype=None).delete()
    RequestSubtype.objects.all().delete()
    edited = CommitmentPolicy.objects.get(category="repair", kind="handle", priority="")
    editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))

    migration.forwards(django_apps, editor)
    migration.forwards(django_apps, editor)  # again: nothing twice

    assert RequestSubtype.objects.filter(category="repair").count() == 5
    assert CommitmentPolicy.objects.filter(channel="email").count() == 3
    assert CommitmentPolicy.objects.filter(subtype__code="elevator_trapped", kind="handle").count() == 1
    assert CommitmentPolicy.objects.get(pk=edited.pk).minutes == edited.minutes
