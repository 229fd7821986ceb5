"""工作日志 and 巡视 (H2): a daily log, a patrol with a hazard and its photo, the hazard made a
ticket in one step; garbage refused with nothing written."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from customers.models import Area
from shifts.models import Hazard, Patrol, WorkLog
from tickets.models import Ticket

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def area(db):
    return Area.objects.create(name="翠湖苑片区")


@pytest.fixture
def steward(world, client: Client):
    world.steward.phone = "13900139000"
    world.steward.save(update_fields=["phone"])
    client.force_login(world.steward)
    return client


def test_a_work_log_is_one_per_person_and_day(world, steward):
    assert steward.post("/shifts/log/save/", {"text": "巡视翠湖苑；入户随访 3 户"}).status_code == 302
    assert steward.post("/shifts/log/save/", {"text": "巡视翠湖苑；入户随访 4 户"}).status_code == 302
    assert WorkLog.objects.get().text == "巡视翠湖苑；入户随访 4 户"
    empty = steward.post("/shifts/log/save/", {"text": "  "})
    assert empty.status_code == 400
    assert WorkLog.objects.get().text == "巡视翠湖苑；入户随访 4 户"


def test_a_patrol_hazard_with_a_photo_becomes_a_ticket(world, steward, area):
    start = timezone.localtime() - timedelta(hours=1)
    response = steward.post(
        "/shifts/patrols/",
        {
            "area": area.pk,
            "route": "1号楼—车库",
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "hazard": "车库B区灯不亮",
            "hazard_place": "车库B区",
            "told": "工程部",
            "result": "已报工程部",
            "photo": SimpleUploadedFile("x.html", PNG, content_type="text/html"),
        },
    )
    assert response.status_code == 302, response.content
    hazard = Hazard.objects.get()
    assert hazard.photo_type == "image/png"
    assert hazard.photo.name.endswith(".png")
    photo = steward.get(f"/shifts/hazards/{hazard.pk}/photo/")
    assert photo["Content-Type"] == "image/png"
    assert steward.post(f"/shifts/hazards/{hazard.pk}/ticket/").status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.content == "车库B区灯不亮（车库B区）"
    assert ticket.contact_phone == "13900139000"
    again = steward.post(f"/shifts/hazards/{hazard.pk}/ticket/")
    assert again.status_code == 409
    assert Ticket.objects.count() == 1


def test_garbage_patrols_write_nothing(world, steward, area):
    start = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    cases = [
        {"area": "", "route": "r", "started_at": start},
        {"area": area.pk, "route": "", "started_at": start},
        {"area": area.pk, "route": "r", "started_at": "yesterday"},
        {
            "area": area.pk,
            "route": "r",
            "started_at": start,
            "hazard": "x",
            "photo": SimpleUploadedFile("a.png", b"GIF89a"),
        },
    ]
    for body in cases:
        assert steward.post("/shifts/patrols/", body).status_code == 400, body
    assert Patrol.objects.count() == 0
    assert Hazard.objects.count() == 0


def test_field_staff_keep_no_patrols_here(world, client, area):
    client.force_login(world.engineer)
    start = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert client.post("/shifts/patrols/", {"area": area.pk, "route": "r", "started_at": start}).status_code == 403
    assert Patrol.objects.count() == 0
