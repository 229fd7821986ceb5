"""The demo company's duty roster, handovers, work logs, patrols and front-desk registers:
three months of roster entered as weekly rotations (the way a supervisor would), a handover
waiting for the incoming shift and one taken over (played among the tickets: YesterdaysHandover),
and a few open entries in every register."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Staff
from customers.models import Area, Premises
from deadlines.models import BusinessCalendar
from registers.actions import EntryData, add_authorisation, check_step, close_entry, open_entry, tell_customer
from shifts import actions

# code, name, start, end, follows the office calendar
TEMPLATES = [
    ("office", "白班", time(8, 30), time(17, 30), True),
    ("early", "早班", time(7, 0), time(15, 0), False),
    ("late", "中班", time(15, 0), time(23, 0), False),
    ("night", "夜班", time(23, 0), time(7, 0), False),
    ("eng_day", "工程白班", time(8, 0), time(20, 0), False),
    ("eng_night", "工程夜班", time(20, 0), time(8, 0), False),
]
OF, E, L, N, D, X = "office", "early", "late", "night", "eng_day", "eng_night"
# Monday to Sunday; None is a rest day. Every hour of every day has a desk agent, a night
# person or an engineer on duty; the supervisor and manager work office days.
ROTATION = {
    "manager": [OF] * 7,
    "supervisor": [OF] * 7,
    "steward": [OF] * 7,
    "steward2": [OF] * 7,
    "agent": [E, E, E, E, E, None, None],
    "agent2": [None, None, E, E, E, E, E],
    "agent3": [L, L, L, L, L, None, None],
    "agent4": [None, None, L, L, L, L, L],
    "night": [N, N, N, N, None, None, None],
    "night2": [None, None, None, None, N, N, N],
    "engineer": [D, D, D, D, D, None, None],
    "eng2": [None, None, None, None, None, D, D],
    "eng3": [X, X, X, X, None, None, None],
    "eng4": [None, None, None, None, X, X, X],
}


def seed_roster(now: datetime) -> None:
    """Last month's, this month's and next month's roster, entered before the tickets are played:
    the duty people are on it when the watcher escalates and when yesterday's handover is made."""
    staff = {s.username: s for s in Staff.objects.filter(username__in=list(ROTATION))}
    supervisor = staff["supervisor"]
    office = BusinessCalendar.objects.exclude(around_the_clock=True).order_by("id").first()
    templates = {
        code: actions.save_template(
            actor=supervisor, code=code, name=name, start=start, end=end, calendar=office if on_office else None
        )
        for code, name, start, end, on_office in TEMPLATES
    }
    this = timezone.localdate(now).replace(day=1)
    # Last month too: on the 1st before 8:00 the night shift on duty began the evening before.
    last = (this - timedelta(days=1)).replace(day=1)
    following = (this + timedelta(days=31)).replace(day=1)
    for first in (last, this, following):
        actions.apply_rotation(
            actor=supervisor,
            month=first.strftime("%Y-%m"),
            rotation={staff[u]: [templates[c] if c else None for c in week] for u, week in ROTATION.items()},
            now=now,
        )


def seed_shifts() -> None:
    now = timezone.now()
    staff = {s.username: s for s in Staff.objects.filter(username__in=list(ROTATION) + ["agent5", "steward3"])}
    _seed_registers(staff, now)
    _seed_logs(staff, now)
    # The morning's desk agent hands over to the afternoon (yesterday's was played by the
    # scheduler at its own moment, YesterdaysHandover).
    actions.open_handover(
        actor=staff["agent"],
        to=staff["agent3"],
        note="下午有业主来取寄存物品",
        lines=["会议室投影仪报修已电话通知工程部"],
        now=now,
    )


class YesterdaysHandover:
    """The handover taken over yesterday, played by the scheduler (demo/scheduler.py) at its
    moment with the tickets: it carries the tickets open then, and the `handed_over` rows its
    acknowledgement writes come before their later steps. Written after the load, it carried
    tickets received since and put a row of yesterday after today's (the timeline out of order)."""

    ticket = None  # no deadline work of its own for the scheduler to watch

    def __init__(self, now: datetime):
        self.at = now - timedelta(days=1)

    def story(self):
        yield self.at
        staff = {s.username: s for s in Staff.objects.filter(username__in=["agent", "agent2"])}
        handover = actions.open_handover(
            actor=staff["agent2"], to=staff["agent"], lines=["3号楼电梯维保通知已张贴"], now=self.at
        )
        yield self.at + timedelta(minutes=5)
        actions.acknowledge_handover(handover, actor=staff["agent"], note="已接", now=self.at + timedelta(minutes=5))


def _seed_registers(staff, now) -> None:
    agent = staff["agent"]
    homes = list(Premises.objects.select_related("customer", "community").order_by("id")[:8])
    if len(homes) < 8:
        return
    (c1, p1), (c2, p2), (c3, p3), (c4, p4) = [(h.customer, h) for h in homes[:4]]
    add_authorisation(c1, actor=agent, premises=p1, reference="YT-WT-0012", authorised="业主本人、保洁阿姨刘女士")
    open_entry(
        "key",
        EntryData(
            customer=c1,
            premises=p1,
            description="入户门钥匙（保洁）",
            borrower="刘女士",
            id_checked=True,
            due_back_at=now + timedelta(hours=3),
        ),
        actor=agent,
        now=now - timedelta(hours=1),
    )
    open_entry(
        "storage",
        EntryData(customer=c2, premises=p2, description="快递纸箱一个", named_person="家人"),
        actor=agent,
        now=now,
    )
    kept = open_entry(
        "storage", EntryData(customer=c3, premises=p3, description="雨伞"), actor=agent, now=now - timedelta(days=2)
    )
    close_entry(kept, actor=agent, now=now - timedelta(days=1))
    open_entry(
        "card",
        EntryData(
            customer=c4,
            premises=p4,
            description="门禁卡挂失补办",
            card_number="MJ-10086",
            card_action="loss",
            fee="20.00",
        ),
        actor=agent,
        now=now,
    )
    mail = open_entry(
        "mail",
        EntryData(
            customer=c2, premises=p2, description="法院挂号信", mail_type="registered", tracking_number="XA1234567890"
        ),
        actor=agent,
        now=now,
    )
    tell_customer(mail, actor=agent, now=now)
    open_entry("lost_found", EntryData(description="黑色钱包", place="会所大堂"), actor=agent, now=now)
    move_in = open_entry("move_in", EntryData(premises=homes[4]), actor=staff["steward"], now=now)
    for step in ("identity", "fees", "agreement"):
        check_step(move_in, step, actor=staff["steward"], now=now)


def _seed_logs(staff, now) -> None:
    today = timezone.localdate(now)
    actions.save_work_log(actor=staff["agent"], day=today, text="受理来电 23 个；回访 5 户；整理交接班记录。", now=now)
    actions.save_work_log(
        actor=staff["steward"], day=today - timedelta(days=1), text="巡视翠湖苑片区；入户随访 3 户。", now=now
    )
    area = Area.objects.order_by("id").first()
    if area is not None:
        actions.record_patrol(
            actor=staff["steward"],
            area=area,
            route="1号楼—3号楼—地下车库—会所",
            started_at=now - timedelta(hours=3),
            ended_at=now - timedelta(hours=2),
            result="车库照明已报工程部；消防通道已清理。",
            hazards=[{"description": "地下车库B区两盏灯不亮", "place": "地下车库B区", "told": "工程部马卫东"}],
        )
