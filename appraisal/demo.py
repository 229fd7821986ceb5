"""The demo company's appraisal (`manage.py load_demo`): this month's and last month's checks by
the supervisor and the manager, a pending appeal, a QA sample with its reviews, and both months
computed from the service records — through the real actions."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Staff
from appraisal.actions.appeals import appeal_deduction
from appraisal.actions.inspections import record_inspection
from appraisal.actions.qa import draw_samples, review
from appraisal.compute import compute_month
from appraisal.models import Deduction
from appraisal.vocabulary import previous_month
from core.errors import DomainError

# (days before now, inspector, inspected, kind, [(category, severity, points, note)])
CHECKS = [
    (40, "supervisor", "agent", "monthly", [("handover", "general", None, "交接班记录未签字")]),
    (35, "manager", "steward", "spot", [("service", "serious", None, "巡视未按路线，未记录隐患")]),
    (9, "supervisor", "agent", "daily", [("post_quality", "general", None, "报修登记缺少预约时间")]),
    (6, "supervisor", "agent2", "weekly", [("handover", "serious", None, "未交接未办结事项")]),
    (4, "manager", "steward2", "spot", [("service", "consequential", 4, "未及时通知停水，引起业户投诉")]),
    (2, "supervisor", "night", "daily", [("other", "general", None, "仪容仪表不符合要求")]),
]

FULL = {"greeting": 10, "listening": 15, "accuracy": 20, "handling": 20, "courtesy": 15, "record": 10, "closing": 10}


def seed_appraisal() -> None:
    now = timezone.now()
    this_month = timezone.localdate(now).replace(day=1)
    people = {s.username: s for s in Staff.objects.all()}
    for days, inspector, person, kind, findings in CHECKS:
        when = now - timedelta(days=days)
        if timezone.localdate(when) < previous_month(this_month):
            continue
        try:
            record_inspection(
                people[person],
                kind=kind,
                findings=[{"category": c, "severity": s, "points": p, "note": n} for c, s, p, n in findings],
                actor=people[inspector],
                now=when,
            )
        except DomainError:
            continue  # a demo early in a month: the check would fall in a month not shown
    line = Deduction.objects.filter(staff=people["agent"], source="inspection", month=this_month).first()
    if line is not None:
        appeal_deduction(line, reason="当天系统故障，预约时间已在备注中补录", actor=people["agent"])
    # Last month's sample of the agent (seed 2026), two of its calls reviewed.
    samples = draw_samples(previous_month(this_month), staff=people["agent"], size=5, seed=2026, actor=people["qa"])
    items = list(samples[0].items.select_related("ticket")) if samples else []
    scores = [FULL, {**FULL, "handling": 8, "record": 4, "closing": 5}]
    advice = ["开场白规范，继续保持", "处理方案未说明上门时限，记录不完整；请按规程复述需求并告知时限"]
    for item, score, text in zip(items, scores, advice, strict=False):
        try:
            review(item.ticket, scores=score, advice=text, actor=people["qa"])
        except DomainError:
            continue
    compute_month(previous_month(this_month), close=True)
    compute_month(this_month)
