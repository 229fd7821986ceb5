"""The outbox keeps its references sound without foreign-key constraints in the database
(notifications.models.Notification, db_constraint=False): every row it writes points at rows
that exist, and a deletion through Django still takes the messages with it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from deadlines.watcher import check_deadlines
from notifications.models import Notification
from notifications.services import customer_message, notify
from tickets.actions import dispatch_ticket, report_late

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def dangling() -> dict[str, int]:
    """Outbox rows whose reference names a row that is not there, per reference."""
    found = {}
    with connection.cursor() as cursor:
        for column, table in [
            ("staff_id", "accounts_staff"),
            ("customer_id", "customers_customer"),
            ("ticket_id", "tickets_ticket"),
            ("caused_by_id", "tickets_ticketevent"),
        ]:
            cursor.execute(
                f'SELECT COUNT(*) FROM "notifications_notification" n LEFT JOIN "{table}" r ON r.id = n."{column}" '
                f'WHERE n."{column}" IS NOT NULL AND r.id IS NULL'
            )
            found[column] = cursor.fetchone()[0]
    return found


def test_no_constraint_in_the_database_but_every_reference_written_is_sound(world, make_ticket, clock):
    world.agent.email = "sunli@example.com"
    world.agent.save(update_fields=["email"])
    # given work that makes every kind of message: a breach, its escalations, a running-late
    # notice to the customer and the steward, an emergency at intake
    tickets = [make_ticket(content=f"第{n}户漏水") for n in range(3)]
    dispatch_ticket(tickets[0], department=world.eng, actor=world.agent)
    report_late(tickets[0], reason="前一单未完工", new_eta=T0 + timedelta(hours=2), actor=world.engineer)
    make_ticket(category="emergency", content="地下车库燃气报警")
    for minutes in (16, 80, 140, 200):
        clock.move_to(T0 + timedelta(minutes=minutes))
        check_deadlines()
    # then there are messages with each kind of reference, and none of them dangles
    messages = Notification.objects.all()
    assert messages.filter(staff__isnull=False).exists() and messages.filter(customer__isnull=False).exists()
    assert messages.filter(template="escalated").exists() and messages.filter(template="deadline_breached").exists()
    assert dangling() == {"staff_id": 0, "customer_id": 0, "ticket_id": 0, "caused_by_id": 0}
    # and the table carries no foreign-key constraint for a burst to pay at commit
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Notification._meta.db_table)
    assert [name for name, c in constraints.items() if c["foreign_key"]] == []


def test_deleting_through_django_still_takes_the_messages_along(customer, clock):
    # given a customer who was sent an outage notice and has no ticket (tickets protect theirs)
    notify(customer_message(customer, "outage", {"title": "停水"}, channel="sms", address="13800138000"))
    assert Notification.objects.filter(customer=customer).count() == 1
    # when the customer is deleted (Django cascades, as the database constraint used to)
    pk = customer.pk
    customer.delete()
    # then their message went with them and nothing dangles
    assert not Notification.objects.filter(customer_id=pk).exists()
    assert dangling()["customer_id"] == 0
