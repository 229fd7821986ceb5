"""Who holds the work is one rule written three ways (tickets.models: Python, ORM, SQL); the
watcher's messages, the overdue board and the escalation each use one of them. They must agree
on tickets of every shape."""

from django.db import connection
from django.db.models import Value

from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, transfer_ticket
from tickets.models import Ticket, holder_expression, holder_sql


def _every_shape(world, customer):
    def new(**kw):
        return create_ticket(
            actor=world.agent, category="repair", channel="phone", content="厨房水管漏水", customer=customer, **kw
        )

    undispatched = new()
    dispatched = dispatch_ticket(new(), department=world.eng, actor=world.agent)
    accepted = accept_ticket(dispatch_ticket(new(), department=world.eng, actor=world.agent), actor=world.engineer)
    transferred = transfer_ticket(new(), owner=world.agent2, actor=world.agent)
    return {
        "undispatched": (undispatched, world.agent),
        "dispatched, not accepted": (dispatched, world.agent),
        "accepted": (accepted, world.engineer),
        "transferred": (transferred, world.agent2),
    }


def test_python_orm_and_sql_name_the_same_holder(world, customer):
    shapes = _every_shape(world, customer)
    ids = [ticket.pk for ticket, _ in shapes.values()]
    by_orm = dict(Ticket.objects.filter(pk__in=ids).annotate(h=holder_expression()).values_list("pk", "h"))
    table = Ticket._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, {holder_sql('t')} FROM {table} t WHERE t.id IN ({', '.join(['%s'] * len(ids))})", ids
        )
        by_sql = dict(cursor.fetchall())
    for shape, (ticket, expected) in shapes.items():
        ticket = Ticket.objects.get(pk=ticket.pk)
        assert ticket.holder == expected, shape
        assert ticket.holder_id == by_orm[ticket.pk] == by_sql[ticket.pk] == expected.pk, shape


def test_a_callback_is_held_by_the_owner_whoever_did_the_work(world, customer):
    # given work accepted by the engineer: he holds the repair, the agent who took the call owns it
    shapes = _every_shape(world, customer)
    accepted, _ = shapes["accepted"]
    ids = [ticket.pk for ticket, _ in shapes.values()]
    # then the callback promise is the owner's in all three forms, the other promises the holder's
    for kind, expected in (("callback", world.agent), ("handle", world.engineer)):
        assert accepted.holder_for(kind) == expected
        by_orm = dict(
            Ticket.objects.filter(pk__in=ids)
            .annotate(k=Value(kind), h=holder_expression(kind_field="k"))
            .values_list("pk", "h")
        )
        table = Ticket._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.id, {holder_sql('t', kind_sql='%s')} FROM {table} t "
                f"WHERE t.id IN ({', '.join(['%s'] * len(ids))})",
                [kind, *ids],
            )
            by_sql = dict(cursor.fetchall())
        for ticket, _ in shapes.values():
            assert by_orm[ticket.pk] == by_sql[ticket.pk] == ticket.holder_id_for(kind), (kind, ticket.number)
        assert by_orm[accepted.pk] == expected.pk
