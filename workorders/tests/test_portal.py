"""验收 on the portal: the customer who proves the number and the phone's last four digits accepts
the finished work, or refuses it with a reason and the work goes back."""

import pytest
from django.test import Client
from django.urls import reverse

from tickets.actions import resolve_ticket
from tickets.models import EventKind, Status, Ticket, TicketEvent
from workorders.models import Acceptance


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def resolved(world, in_progress):
    return resolve_ticket(in_progress, result="水管已更换", actor=world.engineer)


def _lookup(client, ticket, digits="8000"):
    return client.post(reverse("portal-lookup"), {"number": ticket.number, "digits": digits}).content.decode()


def _accept(client, ticket, digits="8000", **data):
    return client.post(reverse("portal-acceptance"), {"number": ticket.number, "digits": digits, **data})


def test_the_progress_page_offers_acceptance_once_the_work_is_resolved(anonymous, world, in_progress):
    assert "data-portal-acceptance" not in _lookup(anonymous, in_progress)
    resolve_ticket(in_progress, result="水管已更换", actor=world.engineer)
    assert "data-acceptance" in _lookup(anonymous, in_progress)


def test_the_customer_accepts_on_the_portal(anonymous, world, resolved):
    response = _accept(anonymous, resolved, accepted="yes")
    assert response.status_code == 200 and 'data-accepted="yes"' in response.content.decode()
    acceptance = Acceptance.objects.get(ticket=resolved)
    assert (acceptance.method, acceptance.recorded_by, acceptance.confirmed_by) == ("portal", None, "王建国")
    html = _lookup(anonymous, resolved)
    assert "<form" not in html.split("data-portal-acceptance")[1].split("</section>")[0]  # once only
    assert "验收通过" in html and "验收结果已登记" in html  # in the history and among the steps


def test_a_refusal_on_the_portal_sends_the_work_back(anonymous, world, resolved):
    assert _accept(anonymous, resolved, accepted="no", reason="").status_code == 400
    assert not Acceptance.objects.exists()
    response = _accept(anonymous, resolved, accepted="no", reason="接口还在滴水")
    assert response.status_code == 200 and 'data-accepted="no"' in response.content.decode()
    ticket = Ticket.objects.get(pk=resolved.pk)
    assert ticket.status == Status.DISPATCHED and ticket.department == world.eng
    reopened = TicketEvent.objects.get(ticket=ticket, kind=EventKind.REOPENED)
    assert reopened.actor == world.agent and reopened.data["cause"] == "acceptance_refused"


def test_wrong_digits_or_no_verdict_write_nothing(anonymous, world, resolved):
    assert _accept(anonymous, resolved, digits="1234", accepted="yes").status_code == 404
    assert _accept(anonymous, resolved).status_code == 400
    assert not Acceptance.objects.exists()
