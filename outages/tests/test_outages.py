"""Planned outages (C6): the affected customers are told in advance, once, each delivery kept;
requests from them during the window are linked to the outage and shown with it at intake."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from core.errors import Conflict, InvalidInput
from core.factories import CustomerFactory
from customers.models import Community, Premises
from notifications.backends import MemorySmsBackend
from notifications.delivery import deliver_pending
from notifications.models import Notification, State
from outages.models import Outage, OutageTicket
from outages.services import affected_customers, announce_outage

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
HOUR = timedelta(hours=1)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def residents(db, customer):
    """王建国 lives in 翠湖苑 building 3 (the conftest customer); 李秀英 in building 5; 张伟 elsewhere."""
    li = CustomerFactory(name="李秀英", gender="female", phone="13900000005")
    Premises.objects.filter(customer=li).update(building="5")
    zhang = CustomerFactory(name="张伟", gender="male", phone="13900000009", address={"community": "金桂园"})
    return {"wang": customer, "li": li, "zhang": zhang}


def water_outage(buildings=""):
    outage = Outage.objects.create(
        kind="water", buildings=buildings, starts_at=T0 + 24 * HOUR, ends_at=T0 + 30 * HOUR, reason="二次供水水箱清洗"
    )
    outage.communities.set([Community.objects.get(name="翠湖苑")])
    return outage


def test_the_affected_customers_are_those_in_the_communities_and_buildings(residents):
    assert set(affected_customers(water_outage())) == {residents["wang"], residents["li"]}
    assert set(affected_customers(water_outage(buildings="5，7"))) == {residents["li"]}


def test_announcing_texts_every_affected_customer_once_and_keeps_each_delivery(world, residents, clock, settings):
    settings.KEFU_SMS_BACKEND = "notifications.backends.MemorySmsBackend"
    MemorySmsBackend.outbox = []
    outage = water_outage()
    rows = announce_outage(outage, actor=world.supervisor)
    assert {(n.customer, n.address, n.channel) for n in rows} == {
        (residents["wang"], "13800138000", "sms"),
        (residents["li"], "13900000005", "sms"),
    }
    with pytest.raises(Conflict):
        announce_outage(outage, actor=world.supervisor)
    assert deliver_pending() == 2
    assert set(Notification.objects.filter(template="outage").values_list("state", flat=True)) == {State.SENT}
    texts = dict(MemorySmsBackend.outbox)
    with translation.override("zh-hans"):
        assert "王先生" in texts["13800138000"] and "二次供水水箱清洗" in texts["13800138000"]
    assert "2026-11-24 09:00" in texts["13900000005"] and "2026-11-24 15:00" in texts["13900000005"]


def test_an_outage_already_started_cannot_be_announced(world, residents, clock):
    outage = water_outage()
    clock.move_to(T0 + 25 * HOUR)
    with pytest.raises(InvalidInput):
        announce_outage(outage, actor=world.supervisor)
    assert not Notification.objects.exists()
    outage.refresh_from_db()
    assert outage.announced_at is None


def test_a_request_during_the_window_is_linked_and_the_outage_shown_at_intake(client, world, residents, make_ticket, clock):
    outage = water_outage(buildings="3")
    announce_outage(outage, actor=world.supervisor)
    before = make_ticket(content="明天停水吗")  # before the window: not linked
    clock.move_to(T0 + 25 * HOUR)
    during = make_ticket(content="家里没水了")
    other = make_ticket(customer=residents["li"], content="家里没水了")  # building 5 is not affected
    assert list(OutageTicket.objects.values_list("ticket", flat=True)) == [during.pk]
    assert before.pk != during.pk and other.pk != during.pk
    client.force_login(world.agent)
    card = client.get("/intake/caller/", {"phone": "13800138000"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'data-outage="{outage.pk}"' in card and "二次供水水箱清洗" in card
    quiet = client.get("/intake/caller/", {"phone": "13900000005"}, HTTP_HX_REQUEST="true").content.decode()
    assert "data-outage" not in quiet


def test_the_admin_announces_from_the_list(client, world, residents, clock):
    outage = water_outage()
    client.force_login(world.admin)
    response = client.post(
        "/admin/outages/outage/", {"action": "announce", "_selected_action": [outage.pk]}, follow=True
    )
    assert response.status_code == 200
    outage.refresh_from_db()
    assert outage.announced_by == world.admin
    assert Notification.objects.filter(template="outage").count() == 2
