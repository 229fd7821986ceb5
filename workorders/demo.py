"""The demo company's complete work orders (`manage.py load_demo`): a pipe replacement in 工程部's
hands with its service plan (one node done, one to come) and a clean-up sub-order for 保洁绿化部, one
finished repair the customer accepted by phone, and one the customer refused, sent back to the
department. Played through the real actions at the end of the load, like the other apps' seeds."""

from datetime import timedelta

from django.db.models import Case, When
from django.utils import timezone

from accounts.models import Department
from tickets.models import Category, Status, Ticket
from workorders.acceptance import record_acceptance
from workorders.models import AcceptanceMethod
from workorders.plans import complete_node, set_service_plan
from workorders.suborders import split_ticket


def seed_work_orders() -> None:
    repairs = Ticket.objects.filter(category=Category.REPAIR, reopen_count=0).select_related(
        "owner", "accepted_by", "department"
    )
    working = repairs.filter(department__code="eng", status=Status.IN_PROGRESS, accepted_by__isnull=False)
    ticket = working.order_by("-received_at").first()
    cleaning = Department.objects.filter(code="cleaning", is_active=True).first()
    if ticket is not None:
        now = timezone.now()
        set_service_plan(
            ticket,
            goal="更换破损的供水主管段，恢复整单元供水",
            steps=["关闭单元总阀，张贴停水通知", "拆除破损管段，更换新管", "试压、恢复供水，清理现场"],
            responsible=ticket.accepted_by,
            nodes=[("材料到场", now + timedelta(hours=2)), ("更换完成并试压", now + timedelta(hours=8))],
            actor=ticket.accepted_by,
        )
        complete_node(ticket, 1, actor=ticket.accepted_by, note="管材、阀门已到场")
        if cleaning is not None and ticket.owner.takes_requests and ticket.owner.is_active:
            split_ticket(
                ticket,
                department=cleaning,
                content="维修后清理楼道积水和泥沙",
                actor=ticket.owner,
                note="工程部完工后进场",
            )
    # The most recently finished work done by a department (repairs first; a complaint has its own
    # procedure with the manager, complaints.demo).
    finished = list(
        Ticket.objects.filter(status=Status.RESOLVED, department__isnull=False, owner__is_active=True)
        .exclude(category=Category.COMPLAINT)
        .select_related("owner")
        .order_by(Case(When(category=Category.REPAIR, then=0), default=1), "-resolved_at")[:2]
    )
    verdicts = [
        {"accepted": True, "method": AcceptanceMethod.PHONE},
        {"accepted": False, "method": AcceptanceMethod.PHONE, "reason": "接口处仍有渗水"},
    ]
    for resolved, verdict in zip(finished, verdicts, strict=False):
        record_acceptance(resolved, actor=resolved.owner, **verdict)
