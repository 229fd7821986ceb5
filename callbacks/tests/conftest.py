import pytest

from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket


@pytest.fixture
def resolved_repair(world, make_ticket):
    """A repair dispatched to 工程部 and resolved by its engineer, through the real actions."""

    def make(**overrides):
        ticket = make_ticket(**overrides)
        dispatch_ticket(ticket, department=world.eng, actor=world.agent)
        accept_ticket(ticket, actor=world.engineer)
        start_ticket(ticket, actor=world.engineer)
        return resolve_ticket(ticket, result="更换水管接头", actor=world.engineer)

    return make
