"""The handover promise (H1): a handover not acknowledged within 15 minutes of the next shift's
start alerts the duty supervisor.

A handover is not a ticket, so it has no Deadline row; this pass runs inside the deadline
watcher's pass (deadlines.watcher.PASS_HOOKS, filled in ShiftsConfig.ready()) and follows the same
rules: each overdue handover is claimed by a compare-and-set on `alerted_at` in the transaction
that writes the alert's outbox rows, so a pass killed half-way loses nothing and a second pass
(or a second worker) sends nothing twice.
"""

from datetime import datetime

from django.db import transaction

from accounts.models import LEAD_ROLES, Role, Staff
from notifications.models import Channel
from notifications.services import notify, staff_messages
from shifts.models import Handover, HandoverStatus
from shifts.selectors import on_duty

BATCH = 200


def supervisors_for(handover: Handover, at: datetime) -> list[Staff]:
    """The duty supervisor: the supervisors (else managers) on duty; without a roster, the
    outgoing person's superior, else every active supervisor."""
    for role in (Role.SUPERVISOR, Role.MANAGER):
        people = on_duty(role=role, at=at)
        if people:
            return people
    superior = handover.from_staff.superior
    if superior is not None and superior.is_active and superior.role in LEAD_ROLES:
        return [superior]
    return list(Staff.objects.filter(is_active=True, role=Role.SUPERVISOR).order_by("work_number"))


def check_handovers(now: datetime) -> int:
    alerted = 0
    due = list(
        Handover.objects.filter(status=HandoverStatus.PENDING, alerted_at__isnull=True, ack_due_at__lte=now)
        .order_by("ack_due_at", "id")
        .values_list("id", flat=True)[:BATCH]
    )
    for pk in due:
        with transaction.atomic():
            claimed = Handover.objects.filter(pk=pk, status=HandoverStatus.PENDING, alerted_at__isnull=True).update(
                alerted_at=now
            )
            if claimed != 1:
                continue
            handover = Handover.objects.select_related("from_staff__superior", "to_staff").get(pk=pk)
            params = {
                "content": f"{handover.from_staff.display_name} → {handover.to_staff.display_name} (#{handover.pk})",
                "due_at": handover.ack_due_at.isoformat(),
            }
            people = supervisors_for(handover, now)
            notify(staff_messages(people, "handover_late", params, channels=(Channel.INAPP, Channel.SMS), now=now))
            alerted += 1
    return alerted
