"""month_summary: a month's tickets per department, by category and status, with the on-time rate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from reports.monthly import month_summary
from tickets.actions import dispatch_ticket

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_it_counts_the_months_tickets_per_department_with_the_on_time_rate(world, make_ticket):
    with time_machine.travel(NOW, tick=False) as clock:
        # given: two repairs for engineering (one dispatched in time, one late), one complaint not
        # yet dispatched, and a ticket of the previous month
        on_time = make_ticket()
        dispatch_ticket(on_time, department=world.eng, actor=world.agent)
        late = make_ticket()
        clock.shift(timedelta(hours=1))
        dispatch_ticket(late, department=world.eng, actor=world.agent)
        make_ticket(category="complaint", content="保安态度差")
        make_ticket(received_at=datetime(2026, 10, 31, 23, 0, tzinfo=ZoneInfo("Asia/Shanghai")))

        # when
        rows = month_summary(2026, 11)

    # then
    by_department = {r.department_id: r for r in rows}
    eng = by_department[world.eng.pk]
    assert eng.total == 2
    assert eng.by_category == {"repair": 2}
    assert eng.by_status == {"dispatched": 2}
    # Each repair promises dispatch, handling and resolution; only one dispatch was in time.
    assert eng.met_on_time == 1
    assert eng.on_time_rate == 1 / eng.deadlines
    waiting = by_department[None]
    assert waiting.total == 1
    assert waiting.by_category == {"complaint": 1}
    assert sum(r.total for r in rows) == 3


def test_a_month_without_tickets_is_empty(world):
    assert month_summary(2020, 1) == []
