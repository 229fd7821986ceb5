"""The demo company's complaint records (`manage.py load_demo`): every resolved complaint graded,
one per typical case written up into the case library, so the intake screen has something to offer
(D4), and one open complaint made major, waiting in the manager's in-tray (D2). Through the real
actions."""

from complaints.actions import make_major, register_complaint, write_case
from complaints.models import Complaint, Criterion, MajorReason, Severity, Target
from core.errors import DomainError
from tickets.models import Status, Ticket
from tickets.vocabulary import Category

# (words the complaint contains, title, cause, tags): the write-up of the demo's typical complaints.
CASES = [
    ("噪音", "夜间噪音扰民", "商户夜间营业外放音响，未遵守小区管理规约", "噪音,商户,夜间"),
    ("装修", "装修午休时间施工", "施工方不了解装修时间规定，物业巡查未及时制止", "装修,噪音"),
    ("迟到", "维修人员迟到未告知", "派工排班过满，维修员未按要求提前电话告知业主", "维修,迟到,预约"),
    ("垃圾", "垃圾清运不及时", "保洁人员请假后未安排顶班，清运频次不够", "保洁,垃圾"),
    ("车位", "车位被外来车辆占用", "门岗对外来车辆登记不严，固定车位无标识", "停车,车位"),
    ("保安", "保安服务态度差", "当班保安服务意识不足，岗前培训不到位", "保安,服务态度"),
    ("杀虫剂", "喷药未提前通知", "绿化养护喷药计划未按规定提前一天公示", "绿化,通知"),
    ("油烟", "商户油烟扰民", "餐饮商户未安装油烟净化设备", "商户,油烟"),
    ("遛狗", "遛狗不牵绳", "犬主未牵绳，秩序维护员巡查劝导不及时", "养犬,巡查"),
    ("收据", "收据金额开错", "开具收据后未经第二人复核", "财务,收据"),
    ("涨价", "物业费调价未公示", "调价文件未按规定在小区公示", "物业费,公示"),
]


def seed_complaints() -> int:
    """Grade and write up one resolved complaint per typical case; make one open complaint major.
    Returns how many cases were written."""
    criteria = list(Criterion.objects.filter(is_active=True).values_list("pk", flat=True))
    # Without the optional "our fault" and "compensation" lines: a neighbour's or a shop's doing.
    required = list(Criterion.objects.filter(is_active=True, required=True).values_list("pk", flat=True))
    done = Ticket.objects.filter(category=Category.COMPLAINT, status__in=(Status.RESOLVED, Status.CLOSED))
    written = 0
    for words, title, cause, tags in CASES:
        ticket = done.filter(content__contains=words).select_related("owner", "department").order_by("id").first()
        if ticket is None or Complaint.objects.filter(ticket=ticket).exists():
            continue
        complaint = _grade(ticket, criteria)
        write_case(
            complaint,
            title=title,
            situation=ticket.content,
            cause=cause,
            solution=ticket.result or ticket.answer or "已向业主致歉并整改",
            tags=tags,
            actor=ticket.owner,
        )
        written += 1

    # The rest of the closed complaints graded too, as a centre grades each one it closes: the
    # register shows who was complained about, how serious, and whether it counts.
    for ticket in done.filter(complaint__isnull=True).select_related("owner", "department").order_by("id"):
        try:
            met = criteria if _companys_fault(ticket.content) else required
            _grade(ticket, met, severity=_severity(ticket.content))
        except DomainError:  # an owner who can no longer act: left ungraded, as in life
            pass

    waiting = (
        Ticket.objects.filter(category=Category.COMPLAINT)
        .exclude(status__in=(Status.RESOLVED, Status.CLOSED))
        .exclude(complaint__isnull=False)
        .select_related("owner", "department")
        .order_by("id")
        .first()
    )
    if waiting is not None:
        try:
            make_major(
                _grade(waiting, criteria),
                reason=MajorReason.COMPENSATION,
                compensation="300",
                note="业主要求赔偿清洗费用",
                actor=waiting.owner,
            )
        except DomainError:  # an owner who can no longer act (left the company): the demo goes without it
            pass
    return written


# Words of the demo's complaints: staff behaviour is serious; a wrong receipt is minor; what a
# neighbour or a shop did is within the centre's remit but not the company's own fault.
SERIOUS_WORDS = ("态度", "呵斥")
MINOR_WORDS = ("收据",)
NOT_OUR_FAULT_WORDS = ("噪音", "装修", "油烟", "遛狗", "车位")


def _severity(content: str) -> str:
    if any(word in content for word in SERIOUS_WORDS):
        return Severity.SERIOUS
    return Severity.MINOR if any(word in content for word in MINOR_WORDS) else Severity.ORDINARY


def _companys_fault(content: str) -> bool:
    return not any(word in content for word in NOT_OUR_FAULT_WORDS)


def _grade(ticket: Ticket, criteria: list[int], *, severity: str = Severity.ORDINARY) -> Complaint:
    if ticket.department_id:
        return register_complaint(
            ticket,
            target=Target.DEPARTMENT,
            department=ticket.department,
            severity=severity,
            criteria=criteria,
            actor=ticket.owner,
        )
    return register_complaint(ticket, target=Target.COMPANY, severity=severity, criteria=criteria, actor=ticket.owner)
