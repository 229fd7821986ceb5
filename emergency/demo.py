"""The demo company's emergency records (`manage.py load_demo`): the plan library written from
the handbooks, drills over the past year (some plans due again, some never drilled), and one emergency
handled step by step and closed with its after-action report, played through the real
actions on a frozen clock like the rest of the demo."""

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from accounts.models import Role, Staff
from emergency import access
from emergency.actions import ActionIn, activate_plan, check_step, close_activation, complete_action
from emergency.drills import record_drill
from emergency.library import load_library
from emergency.models import Activation, Drill, Plan
from emergency.plans import suggest_plan
from tickets.models import Status, Ticket
from tickets.vocabulary import Category

# plan code, days ago, scenario, participants, findings, score
DRILLS = [
    (
        "fire",
        75,
        "3号楼地下车库电动车充电起火，烟雾进入楼梯间",
        ["sec_head", "guard", "guard2", "eng_head", "agent"],
        "疏散用时6分钟；1号消防栓水带接口老化漏水，已报工程部更换；新入职保安不熟悉集合点。",
        85,
    ),
    (
        "fire",
        260,
        "高层住户厨房油锅起火",
        ["sec_head", "guard", "guard3", "steward"],
        "初期扑救到位，广播通知延迟2分钟。",
        80,
    ),
    (
        "gas_leak",
        40,
        "翠湖苑5号楼业户报告楼道燃气味浓",
        ["eng_head", "engineer", "eng2", "guard", "night"],
        "工程部8分钟到场，检测仪电量不足，已规定每周充电检查；客服电话指导话术规范。",
        88,
    ),
    (
        "lift_entrapment",
        120,
        "金桂园2号楼电梯困人3名",
        ["eng_head", "eng3", "guard2", "agent2"],
        "维保单位22分钟到场，超出合同约定的15分钟，已书面通知维保单位整改。",
        75,
    ),
    (
        "power_cut",
        200,
        "阳光花城10kV进线跳闸",
        ["eng_head", "eng4", "guard", "steward3"],
        "发电机启动正常；业主群通知模板缺失，已补充。",
        82,
    ),
    (
        "system_failure",
        195,
        "客服系统无法登录2小时",
        ["supervisor", "agent", "agent3", "admin"],
        "纸质受理单记录12个来电，补录用时35分钟，受理时间全部按原始时间补录。",
        90,
    ),
]


def seed_emergency(now: datetime | None = None) -> int:
    """Returns how many plans were written."""
    now = now or timezone.now()
    written = load_library()
    manager = Staff.objects.filter(role=Role.MANAGER, is_active=True).order_by("work_number").first()
    if manager is None:
        return written
    if not Drill.objects.exists():
        for code, days, scenario, people, findings, score in DRILLS:
            held_at = (now - timedelta(days=days)).replace(hour=15, minute=0, second=0, microsecond=0)
            with time_machine.travel(held_at + timedelta(hours=2), tick=False):
                record_drill(
                    Plan.objects.current().get(code=code),
                    actor=manager,
                    held_at=held_at,
                    ended_at=held_at + timedelta(minutes=50),
                    participants=people,
                    findings=findings,
                    scenario=scenario,
                    score=score,
                )
    if not Activation.objects.exists():
        _handled_emergency(manager, now)
    return written


def _handled_emergency(manager: Staff, now: datetime) -> None:
    """The latest emergency of the demo still open to a plan (resolved, awaiting its callback),
    handled through the plan its words suggest, closed with its after-action report."""
    candidates = (
        Ticket.objects.filter(
            category=Category.EMERGENCY, status=Status.RESOLVED, received_at__lt=now - timedelta(days=3)
        )
        .select_related("owner")
        .order_by("-received_at")
    )
    for ticket in candidates:
        plan = suggest_plan(ticket)
        if plan is not None and access.can_activate(ticket.owner):
            break
    else:
        return
    start = ticket.received_at + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        activation = activate_plan(plan, actor=ticket.owner, ticket=ticket, note="业户报警后一分钟启动预案")
    # Each step checked off a little before its time (the last one late), by whoever's step it is.
    for step in activation.steps.order_by("minutes", "n"):
        actor = ticket.owner if step.role in access.DESK_ROLES else manager
        minutes = step.minutes + 10 if step.n == activation.steps.count() else max(1, step.minutes * 3 // 4)
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            check_step(activation, step.n, actor=actor, note="按预案完成" if step.n == 1 else "")
    closed = start + timedelta(hours=28)
    day = timezone.localdate(closed)
    with time_machine.travel(closed, tick=False):
        close_activation(
            activation,
            actor=manager,
            cause="设备故障未在日常巡检中发现",
            went_well="接警后立即启动预案，相关人员按时到场，业户情绪稳定",
            to_improve="最后一步超时完成；夜间外部单位电话一次未接通，应有第二联系人",
            actions=[
                ActionIn("外部单位应急电话补充第二联系人", manager.username, day + timedelta(days=7)),
                ActionIn("相关设备纳入每周巡检表", "eng_head", _later(day, 2, now)),
            ],
        )
    first = activation.actions.order_by("id").first()
    with time_machine.travel(closed + timedelta(days=5), tick=False):
        complete_action(first, actor=manager, note="已补充")


def _later(day: date, days: int, now: datetime) -> date:
    """A due date after the incident that is already past by now (an overdue action to chase)."""
    return min(day + timedelta(days=days), timezone.localdate(now) - timedelta(days=1))
