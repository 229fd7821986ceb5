"""The console screens: the header fragment, the handover pages, the customer-page panel."""

from django.test import Client

from registers.actions import EntryData, close_entry, open_entry
from shifts import actions
from shifts.models import Handover


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_header_shows_what_waits_for_the_incoming_person(world, make_ticket):
    make_ticket()
    handover = actions.open_handover(actor=world.agent, to=world.night)
    night = _client(world.night)
    fragment = night.get("/shifts/header/").content.decode()
    assert "data-pending-handovers" in fragment
    assert "data-carried" not in fragment
    actions.acknowledge_handover(handover, actor=world.night)
    fragment = night.get("/shifts/header/").content.decode()
    assert "data-pending-handovers" not in fragment
    assert 'data-carried="4"' in fragment  # the ticket and its three promises


def test_a_carried_item_leaves_the_first_screen_when_dealt_with(world, customer):
    entry = open_entry("storage", EntryData(customer=customer, description="纸箱"), actor=world.agent)
    handover = actions.open_handover(actor=world.agent, to=world.night)
    actions.acknowledge_handover(handover, actor=world.night)
    night = _client(world.night)
    assert 'data-carried="1"' in night.get("/shifts/header/").content.decode()
    close_entry(entry, actor=world.night)
    assert "data-carried" not in night.get("/shifts/header/").content.decode()


def test_the_customer_page_loads_the_open_entries_panel(world, customer):
    open_entry("lost_found", EntryData(customer=customer, description="钱包", place="大堂"), actor=world.agent)
    agent = _client(world.agent)
    page = agent.get(f"/customers/{customer.pk}/").content.decode()
    assert f'hx-get="/registers/customer/{customer.pk}/"' in page
    panel = agent.get(f"/registers/customer/{customer.pk}/").content.decode()
    assert panel.count("data-open-entry") == 1
    assert _client(world.engineer).get(f"/registers/customer/{customer.pk}/").status_code == 403


def test_the_handover_record_is_printable_and_private(world, make_ticket):
    make_ticket()
    handover = actions.open_handover(actor=world.agent, to=world.night, lines=["前台钥匙在抽屉"])
    page = _client(world.agent).get(f"/shifts/handovers/{handover.pk}/").content.decode()
    assert "handover-print" in page
    assert "前台钥匙在抽屉" in page
    assert _client(world.agent2).get(f"/shifts/handovers/{handover.pk}/").status_code == 404
    assert _client(world.supervisor).get(f"/shifts/handovers/{handover.pk}/").status_code == 200
    search = _client(world.supervisor).get("/shifts/handovers/", {"q": "抽屉"}).content.decode()
    assert f'data-handover="{handover.pk}"' in search


def test_bad_handover_forms_write_nothing(world):
    agent = _client(world.agent)
    assert agent.post("/shifts/handover/new/", {"to": "agent"}).status_code == 400
    assert agent.post("/shifts/handover/new/", {"to": "ghost"}).status_code == 400
    assert agent.post("/shifts/handover/new/", {"to": "night", "lines": "x" * 600}).status_code == 400

    assert Handover.objects.count() == 0
