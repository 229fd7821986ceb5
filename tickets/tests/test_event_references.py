"""Timeline events keep their ticket without a foreign-key constraint in the database
(TicketEvent.ticket, db_constraint=False): every event written points at a ticket that exists,
the actor keeps its constraint, and a deletion through Django still takes a ticket's timeline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from deadlines.watcher import check_deadlines
from tickets.actions import accept_ticket, dispatch_ticket, report_late
from tickets.models import Ticket, TicketEvent

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def orphans() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT COUNT(*) FROM "tickets_ticketevent" e LEFT JOIN "tickets_ticket" t ON t.id = e.ticket_id '
            "WHERE t.id IS NULL"
        )
        return cursor.fetchone()[0]


def test_every_event_written_names_a_ticket_that_exists(world, make_ticket, clock):
    # given intake, dispatch, acceptance, a late report and the watcher's breaches, warnings and
    # escalations (written by SQL of their own)
    tickets = [make_ticket(content=f"第{n}户漏水") for n in range(3)]
    dispatch_ticket(tickets[0], department=world.eng, actor=world.agent)
    accept_ticket(tickets[0], actor=world.engineer)
    report_late(tickets[0], reason="前一单未完工", new_eta=T0 + timedelta(hours=2), actor=world.engineer)
    for minutes in (12, 16, 80, 140):
        clock.move_to(T0 + timedelta(minutes=minutes))
        check_deadlines()
    kinds = set(TicketEvent.objects.values_list("kind", flat=True))
    assert {"created", "dispatched", "deadline_breached", "escalated"} <= kinds, kinds
    assert orphans() == 0
    # and the table's only foreign-key constraint left is the actor's
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TicketEvent._meta.db_table)
    assert [c["columns"] for c in constraints.values() if c["foreign_key"]] == [["actor_id"]]


def test_deleting_a_ticket_through_django_takes_its_timeline(make_ticket, clock):
    ticket = make_ticket()
    assert TicketEvent.objects.filter(ticket=ticket).exists()
    pk = ticket.pk
    Ticket.objects.filter(pk=pk).delete()
    assert not TicketEvent.objects.filter(ticket_id=pk).exists()
    assert orphans() == 0
