"""The demo company's report subscriptions (demo/loader.py calls seed_subscriptions once): the
manager's weekly KPI report by department, 工程部's head's monthly report of their department,
and the quarterly complaint register; each has its latest report already built, as if the worker
had run on its day."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Department, Staff
from reports.delivery import deliver_subscriptions
from reports.models import ReportKind, Schedule, Subscription


def seed_subscriptions() -> None:
    staff = {s.username: s for s in Staff.objects.filter(username__in=("manager", "supervisor", "eng_head"))}
    manager = staff.get("manager")
    if manager is None:
        return
    since = timezone.now() - timedelta(days=120)
    engineering = Department.objects.filter(code="eng").first()
    plans = [
        ("每周指标（按部门）", ReportKind.KPI, "department", None, Schedule.WEEKLY, ["manager", "supervisor"]),
        ("工程部月报（按类别）", ReportKind.KPI, "category", engineering, Schedule.MONTHLY, ["eng_head", "manager"]),
        ("季度投诉登记", ReportKind.COMPLAINTS, "department", None, Schedule.QUARTERLY, ["manager"]),
    ]
    for name, report, by, department, schedule, recipients in plans:
        subscription = Subscription.objects.create(
            name=name,
            report=report,
            by=by,
            department=department,
            schedule=schedule,
            created_by=manager,
            created_at=since,
        )
        subscription.recipients.set([staff[u] for u in recipients if u in staff])
    deliver_subscriptions()
