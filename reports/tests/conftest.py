"""A small month of known work, counted by hand in the tests (the same as callbacks' figures
tests, plus a ticket of the month before and one of the year before):

- 工程部 (eng): 4 repairs received 10 Nov, resolved 2 h later; callbacks satisfied (5),
  basically satisfied (4), unsatisfied (2), one still due.
- 秩序维护部 (security): a complaint resolved after 30 h, callback satisfied (5); a complaint
  dispatched and still open.
- a consultation on 15 Oct 2026 and a repair on 5 Nov 2025, never dispatched.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from callbacks.actions import record_callback
from callbacks.models import Callback
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=SHANGHAI)
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _work(world, ticket, department, worker, clock, hours=2):
    dispatch_ticket(ticket, department=department, actor=world.agent)
    accept_ticket(ticket, actor=worker)
    start_ticket(ticket, actor=worker)
    clock.shift(timedelta(hours=hours))
    return resolve_ticket(ticket, result="已处理", actor=worker)


@pytest.fixture
def month(world, make_ticket, clock):
    make_ticket(
        category="consultation", content="物业费怎么交", received_at=datetime(2026, 10, 15, 10, tzinfo=SHANGHAI)
    )
    make_ticket(content="去年的漏水", received_at=datetime(2025, 11, 5, 10, tzinfo=SHANGHAI))
    outcomes = [("satisfied", 5), ("basically_satisfied", 4), ("unsatisfied", 2), None]
    for outcome in outcomes:
        ticket = _work(world, make_ticket(), world.eng, world.engineer, clock)
        if outcome:
            record_callback(
                Callback.objects.get(ticket=ticket, round=0), outcome=outcome[0], score=outcome[1], actor=world.agent
            )
    complaint = _work(
        world, make_ticket(category="complaint", content="保安态度差"), world.security, world.guard, clock, hours=30
    )
    record_callback(complaint.callbacks.get(), outcome="satisfied", score=5, actor=world.agent)
    open_complaint = make_ticket(category="complaint", content="夜里噪音")
    dispatch_ticket(open_complaint, department=world.security, actor=world.agent)
    return world
