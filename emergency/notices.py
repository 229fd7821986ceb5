"""The messages of an emergency: their texts (registered with notifications.templates by
EmergencyConfig.ready) and the one function that writes them to the outbox. Params hold data
only (names of plans and steps as the company wrote them, times, the live page's path)."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import Staff
from notifications.models import Channel
from notifications.services import notify, staff_messages

# The ticket timeline's event kind of every emergency step (worded by emergency.timeline).
EVENT_KIND = "emergency"

TEMPLATES = {
    "emergency_activated": (
        gettext_lazy("Emergency plan activated: %(plan)s"),
        gettext_lazy(
            "%(name)s, the emergency plan %(plan)s was activated at %(at)s %(where)s. Take your place as the plan "
            "says and check off your steps on the live page: %(link)s"
        ),
    ),
    "emergency_step_overdue": (
        gettext_lazy("Emergency step overdue: %(title)s"),
        gettext_lazy(
            "%(name)s, step %(n)s of the emergency plan %(plan)s (%(title)s) was due %(due)s and is not checked "
            "off: %(link)s"
        ),
    ),
    "emergency_action_assigned": (
        gettext_lazy("Corrective action for you: %(title)s"),
        gettext_lazy(
            "%(name)s, the after-action report of %(plan)s gives you a corrective action due %(day)s: %(title)s. "
            "%(link)s"
        ),
    ),
    "emergency_action_overdue": (
        gettext_lazy("Corrective action overdue: %(title)s"),
        gettext_lazy(
            "%(name)s, the corrective action %(title)s (%(plan)s) was due %(day)s and is not reported done: %(link)s"
        ),
    ),
    "emergency_drill_due": (
        gettext_lazy("Drill due: %(plan)s"),
        gettext_lazy(
            "%(name)s, the plan %(plan)s is due for a drill since %(day)s (every %(every)s days). "
            "Record it on the drill board when held: %(link)s"
        ),
    ),
}

# Which channels each message goes by: an activation and an overdue step are urgent (SMS too).
CHANNELS = {
    "emergency_activated": (Channel.INAPP, Channel.SMS),
    "emergency_step_overdue": (Channel.INAPP, Channel.SMS),
    "emergency_action_assigned": (Channel.INAPP, Channel.EMAIL),
    "emergency_action_overdue": (Channel.INAPP, Channel.EMAIL),
    "emergency_drill_due": (Channel.INAPP,),
}


def tell(people: list[Staff], template: str, activation, *, event=None, now: datetime, step=None, action=None) -> None:
    """Outbox rows for `people`, in the caller's transaction."""
    if not people:
        return
    ticket = activation.ticket if activation.ticket_id else None
    params = {
        "plan": activation.plan.name,
        "activation": activation.pk,
        "link": reverse("emergency:activation", args=[activation.pk]),
        "at": activation.started_at.isoformat(),  # worded by notifications.templates as %(at)s
        "where": f"({ticket.number} {ticket.contact_address})".replace(" )", ")") if ticket else "",
        "number": ticket.number if ticket else "",
        "address": ticket.contact_address if ticket else "",
    }
    if step is not None:
        params.update(n=step.n, title=step.title, due_at=step.due_at.isoformat())  # %(due)s
    if action is not None:
        params.update(title=action.text, day=action.due_on.isoformat())
    notify(
        staff_messages(people, template, params, channels=CHANNELS[template], ticket=ticket, caused_by=event, now=now)
    )


def tell_about_plan(people: list[Staff], template: str, plan, *, now: datetime, day) -> None:
    """A message about a plan itself (a drill due), not one activation of it."""
    if not people:
        return
    params = {
        "plan": plan.name,
        "every": plan.drill_every_days,
        "day": day.isoformat(),
        "link": reverse("emergency:drills"),
    }
    notify(staff_messages(people, template, params, channels=CHANNELS[template], now=now))
