"""A callback (回访) is the customer-service side's promise: a missed one is told to and escalated
along the line of the agent who owns the request, never the engineer who did the repair (issue 13)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.models import DeadlineKind
from deadlines.selectors import overdue_board
from deadlines.watcher import check_deadlines
from notifications.models import Notification

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_missed_callback_is_the_owners_not_the_engineers(world, resolved_repair, _clock, settings):
    settings.KEFU_ESCALATION_MINUTES = 30
    # given a repair resolved by the engineer, its callback due within 48 h
    ticket = resolved_repair()
    # when nobody calls back in time, and the escalation interval passes
    _clock.shift(timedelta(hours=49))
    check_deadlines()
    _clock.shift(timedelta(minutes=31))
    check_deadlines()
    # then the breach is told to the agent who owns the request, and climbs to her supervisor
    told = set(
        Notification.objects.filter(ticket=ticket, template__in=["deadline_breached", "escalated"]).values_list(
            "template", "staff__username"
        )
    )
    assert ("deadline_breached", world.agent.username) in told
    assert ("escalated", world.supervisor.username) in told
    assert not {who for _template, who in told} & {world.engineer.username}
    # and the overdue board lists the callback row under the agent
    board = overdue_board(world.manager, now=NOW + timedelta(hours=50))
    holders = {(row.kind, row.holder) for row in board.rows}
    assert (DeadlineKind.CALLBACK, world.agent) in holders
