"""Tickets of every shape a list shows, for the tests that hold list rows to one another."""

from tickets.actions import accept_ticket, create_ticket, dispatch_ticket, hold_ticket, resolve_ticket, start_ticket
from tickets.actions.intake import Contact
from tickets.models import Ticket


def tickets_of_every_shape(world, make_ticket, *, walk_in_by) -> list[Ticket]:
    """Dispatched, an emergency with markup in it, a walk-in with quotes in its contact, held,
    resolved, supervised and one to become overdue (move the clock 30 hours on)."""
    dispatched = dispatch_ticket(make_ticket(content="厨房水管漏水"), department=world.eng, actor=world.agent)
    emergency = make_ticket(category="emergency", content="楼道燃气泄漏 <急>")
    walk_in = create_ticket(
        actor=walk_in_by,
        category="consultation",
        channel="walk_in",
        content="物业费怎么交",
        contact=Contact(name="张三 & 李四", phone="13912345678", address='翠湖苑 "3" 号楼'),
    )
    held = hold_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), reason="等配件", actor=world.agent
    )
    accepted = accept_ticket(
        dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent), actor=world.engineer
    )
    resolved = resolve_ticket(start_ticket(accepted, actor=world.engineer), result="已修好", actor=world.engineer)
    supervised = make_ticket(content="投诉噪音")
    Ticket.objects.filter(pk=supervised.pk).update(supervised=True)
    overdue = make_ticket(content="电梯异响")
    return [dispatched, emergency, walk_in, held, resolved, supervised, overdue]
