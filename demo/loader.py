"""The demo company 亚美物业, loaded by `manage.py load_demo` (and `make run`).

Deterministic: the same seed gives the same people, households and stories on every run; only
the dates move with today. Its accounts, all with DEMO_PASSWORD, exist only where it was loaded.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Staff
from appraisal.demo import seed_appraisal
from complaints.demo import seed_complaints
from customers.models import Premises
from deadlines.watcher import check_deadlines
from demo.company import LOGIN_PER_ROLE, STAFF, Company, build_archive, build_staff
from demo.names import UniquePhones
from demo.plans import COVERAGE, DAYS, make_plans
from demo.scheduler import play_all
from demo.service_standards import seed_service_standards
from demo.shifts import YesterdaysHandover, seed_roster, seed_shifts
from emergency.demo import seed_emergency
from reports.demo import seed_subscriptions
from workorders.demo import seed_work_orders

DEMO_PASSWORD = "kefu-demo-2026"
DEMO_SEED = 2026
DEFAULT_HOUSEHOLDS = 300
DEFAULT_TICKETS = 500
MIN_TICKETS = len(COVERAGE)  # one per status and per category, and a resolved repair (demo/plans.py)

ROLE_LABELS = {
    "manager": ("客服经理", "Customer-service manager"),
    "supervisor": ("客服主管", "Supervisor"),
    "steward": ("客服管家", "Area steward"),
    "agent": ("客服专员", "Agent"),
    "night_duty": ("夜值", "Night duty"),
    "field": ("维修/工程人员", "Field engineer"),
    "qa": ("质检", "Quality inspector"),
    "admin": ("系统管理员", "System administrator"),
}


@dataclass
class Summary:
    staff: int
    households: int
    tickets: int
    breaches: int
    seconds: float


def state() -> str:
    """'demo' when the demo company is there, 'other' when the database holds other accounts,
    'empty' when it has no account at all (the demo is loaded only into an empty database)."""
    manager = STAFF[0]
    if Staff.objects.filter(username=manager[0], work_number=manager[2]).exists():
        return "demo"
    if Staff.objects.exists():
        return "other"
    return "empty"


def load(
    *,
    households: int = DEFAULT_HOUSEHOLDS,
    tickets: int = DEFAULT_TICKETS,
    seed: int = DEMO_SEED,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    started = time.monotonic()
    now = timezone.now()
    # All or nothing: a load that fails half-way leaves the database empty, ready for another try.
    with transaction.atomic():
        departments, staff = build_staff(DEMO_PASSWORD, joined=now - timedelta(days=DAYS + 400))
        communities, customers = build_archive(
            random.Random(f"{seed}-archive"), staff, households=households, since=now - timedelta(days=DAYS)
        )
        homes = [
            (p.customer, p)
            for p in Premises.objects.filter(customer__in=customers)
            .select_related("customer", "community__area")
            .order_by("customer_id", "id")
        ]
        company = Company(
            departments=departments,
            staff=staff,
            communities=communities,
            households=homes,
            walk_up_phones=UniquePhones(random.Random(f"{seed}-walk-up")),
        )
        plans = make_plans(seed, tickets, now)
        seed_roster(now)  # three months of roster (demo/shifts.py), there while the tickets are played
        play_all(plans, company, now, progress, interludes=[YesterdaysHandover(now)])
        seed_complaints()  # the case library and a major complaint for the manager (complaints.demo)
        seed_shifts()  # today's handover, registers, work logs and a patrol (demo/shifts.py)
        seed_service_standards()  # phrases, forbidden phrases, knowledge, price list, charges
        seed_emergency(now)  # the plan library, drills, a handled emergency with its report (emergency.demo)
        seed_subscriptions()  # report subscriptions with their latest reports built (reports.demo)
        seed_work_orders()  # a service plan, a sub-order, an acceptance and a refusal (workorders.demo)
        # The watcher's pass at the real now: whatever fell due while nobody was looking.
        breaches = check_deadlines().breaches
        seed_appraisal()  # inspections, an appeal, a QA sample and reviews, both months computed (appraisal.demo)
    return Summary(len(staff), len(customers), len(plans), breaches, time.monotonic() - started)


def logins() -> list[dict]:
    """One account per role, as the login table shows them."""
    by_username = {
        s.username: s for s in Staff.objects.filter(username__in=LOGIN_PER_ROLE).select_related("department")
    }
    rows = []
    for username in LOGIN_PER_ROLE:
        member = by_username.get(username)
        if member is None:
            continue
        zh, en = ROLE_LABELS[member.role]
        rows.append(
            {
                "username": member.username,
                "password": DEMO_PASSWORD,
                "role": member.role,
                "role_zh": zh,
                "role_en": en,
                "name": member.name,
                "department": member.department.name if member.department else "—",
                "work_number": member.work_number,
            }
        )
    return rows


__all__ = ["DEMO_PASSWORD", "DEMO_SEED", "Summary", "load", "logins", "state"]
