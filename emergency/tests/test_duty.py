"""Who is alerted: the people on duty by the roster (shifts); a role nobody is rostered for falls
back to everyone in it, so an alarm always reaches someone."""

from datetime import time, timedelta

from django.utils import timezone

from emergency.actions import activate_plan, current_plan
from shifts.models import RosterEntry, ShiftTemplate


def _alerted(activation) -> set[str]:
    return {p["username"] for p in activation.alerted}


def test_only_the_rostered_agent_is_alerted(world, library):
    now = timezone.now()
    template = ShiftTemplate.objects.create(code="day", name="白班", start=time(8), end=time(20))
    RosterEntry.objects.create(
        staff=world.agent2,
        day=timezone.localdate(now),
        template=template,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    activation = activate_plan(current_plan("fire"), actor=world.night)
    assert "agent2" in _alerted(activation)
    assert "agent" not in _alerted(activation)  # off duty by the roster
    assert {"manager", "guard", "engineer", "steward"} <= _alerted(activation)  # not rostered: the whole role


def test_without_a_roster_everyone_in_the_role_is_alerted(world, library):
    activation = activate_plan(current_plan("fire"), actor=world.night)
    assert {"agent", "agent2"} <= _alerted(activation)
