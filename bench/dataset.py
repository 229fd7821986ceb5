"""The benchmark's data set, generated deterministically and without Django.

Both sides load the same stream: kefu (bench/side_kefu.py) and the peer django-helpdesk
(bench/side_peer.py) each map these plain records onto their own tables. The same seed, size and
anchor day give the same records on every run.

Shape (for --tickets N): tickets spread over three years up to the anchor day, with a daytime
peak; N/5 customers, each with premises in one of N/5000 communities; 40 departments; 400 staff;
every category and status in the shares a property-management hotline sees (old work closed,
recent work open); 3-8 timeline events a ticket; Chinese text composed from real service
phrases. A rare phrase (RARE_PHRASE) appears in one ticket in 50,000 (the 8th, the 50,008th ...).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

DAYS = 3 * 365
DEPARTMENTS = 40
STAFF = 400
SEED = 20261123

COMMON_WORD = "漏气"  # a two-character word in about 2 % of tickets
RARE_PHRASE = "消防栓被盗"  # in 1 ticket in 50,000

CATEGORY_WEIGHTS = {
    "repair": 34,
    "consultation": 18,
    "complaint": 11,
    "service_request": 10,
    "help": 8,
    "emergency": 5,
    "suggestion": 7,
    "praise": 7,
}
CHANNEL_WEIGHTS = {"phone": 55, "walk_in": 12, "online": 12, "message": 12, "email": 5, "letter": 4}
HOUR_WEIGHTS = [
    0.3,
    0.2,
    0.1,
    0.1,
    0.1,
    0.2,
    0.5,
    1.2,
    2.5,
    3.5,
    3.5,
    3.0,
    2.2,
    2.5,
    3.0,
    3.0,
    2.8,
    2.5,
    2.2,
    2.5,
    2.0,
    1.5,
    1.0,
    0.6,
]
# Final status by age in days (upper bound): today's work is open, old work is closed.
STATUS_BY_AGE = [
    (0.25, {"new": 30, "dispatched": 30, "accepted": 20, "in_progress": 15, "resolved": 5}),
    (1, {"new": 5, "dispatched": 12, "accepted": 15, "in_progress": 25, "on_hold": 5, "resolved": 25, "closed": 13}),
    (3, {"dispatched": 4, "accepted": 5, "in_progress": 12, "on_hold": 10, "resolved": 30, "closed": 39}),
    (10, {"in_progress": 4, "on_hold": 6, "resolved": 12, "closed": 78}),
    (60, {"in_progress": 1, "on_hold": 2, "resolved": 3, "closed": 94}),
    (DAYS + 1, {"on_hold": 0.1, "resolved": 0.2, "closed": 99.7}),
]
ANSWERED = {"consultation", "suggestion", "praise"}  # answered by customer service, no dispatch
PRIORITIES = {"low": 5, "normal": 80, "high": 12, "urgent": 3}

# What callers say, by category: real phrases of a property-management and utility hotline.
PHRASES = {
    "repair": [
        "卫生间天花板渗水",
        "厨房水管漏水",
        "下水道堵塞",
        "马桶水箱一直流水",
        "客厅插座没电",
        "家里频繁跳闸",
        "入户门锁芯坏了",
        "楼道声控灯不亮",
        "单元门门禁刷卡没反应",
        "暖气片不热",
        "窗户密封条老化渗水",
        "水龙头出水很小",
        "电梯外呼按钮不灵",
        "排风扇不转",
        "空调冷凝水滴水",
        "水表不走字",
        "墙面返潮起皮",
        "楼顶水箱溢水",
        "热水器点不着火",
        "燃气灶打不着火",
        "地漏返水有臭味",
        "车库灯不亮",
    ],
    "emergency": [
        "电梯困人",
        "厨房燃气漏气",
        "燃气表附近漏气",
        "地下车库进水",
        "楼道冒烟",
        "水管爆裂",
        "配电箱冒火花",
        "有人晕倒",
        "井盖丢失",
        "整栋楼停电",
        "停水后水管爆裂",
    ],
    "complaint": [
        "夜间噪音扰民",
        "装修噪音",
        "垃圾清运不及时",
        "维修师傅迟到",
        "物业费收据开错",
        "遛狗不牵绳",
        "垃圾站异味",
        "车位被占用",
        "保安态度差",
        "餐馆油烟直排",
        "停水没有提前通知",
        "物业费涨价未公示",
    ],
    "consultation": [
        "物业费缴费方式",
        "物业费收费标准",
        "停车月卡办理",
        "装修手续",
        "什么时候停水",
        "快递寄存",
        "房屋出租登记",
        "电子发票",
        "门禁卡补办",
        "收房材料",
        "充电桩位置",
        "垃圾分类时间",
        "维修基金查询",
    ],
    "suggestion": ["增加快递柜", "游乐区铺软垫", "组织业主活动", "修剪树枝", "车库入口加装凸面镜", "单元门加装雨棚"],
    "praise": [
        "维修师傅半夜修好水管",
        "保洁阿姨打扫干净",
        "管家热心帮忙",
        "秩序维护员帮老人搬东西",
        "送锦旗感谢及时处理漏水",
    ],
    "help": [
        "钥匙锁在家里",
        "老人摔倒需要帮忙",
        "车子没电需要搭电",
        "小狗走丢查监控",
        "孩子反锁在卫生间",
        "快递柜打不开",
        "老人不会用门禁",
    ],
    "service_request": [
        "疏通厨房下水道",
        "安装晾衣架",
        "清运装修垃圾",
        "家庭保洁",
        "清洗空调",
        "办理装修出入证",
        "更换灯具",
    ],
}
DETAILS = [
    "，很着急",
    "，请尽快安排",
    "，已经好几天了",
    "，老人在家",
    "，昨天也反映过",
    "，麻烦上门看看",
    "",
    "，味道很大",
    "，影响休息",
    "，孩子在家",
    "，希望今天处理",
]
RESULTS = [
    "已上门处理，业主确认正常",
    "已更换配件，试用正常",
    "已协调相关部门处理完毕",
    "已电话答复业主，业主表示满意",
    "已约谈相关方并整改",
    "已疏通并清理现场",
    "已到场处置，无人员受伤",
]
NOTES = [
    "已电话告知业主维修人员约20分钟后到达",
    "业主要求上门前先电话联系",
    "业主来电催促进度，已督促责任部门",
    "已拍照留存处理前后对比",
    "已告知区域管家跟进",
]
HOLD_REASONS = ["等待配件到货", "业主出差，约定下周上门", "需楼上业主配合开门检查", "需厂家售后上门"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰建国建华志强红梅海燕春梅晓燕文博丽娟国强"
COMMUNITY_WORDS = [
    "翠湖",
    "金桂",
    "阳光",
    "锦绣",
    "碧水",
    "紫荆",
    "御景",
    "滨江",
    "香榭",
    "枫林",
    "明珠",
    "银河",
    "丽都",
    "绿洲",
    "华府",
    "雅苑",
    "世纪",
    "东方",
    "海棠",
    "书香",
]
COMMUNITY_SUFFIX = ["苑", "园", "花城", "小区", "家园", "公馆", "花园", "新村"]
DEPARTMENT_NAMES = [
    "客服中心",
    "工程部",
    "秩序维护部",
    "保洁绿化部",
    "财务部",
    "燃气抢修队",
    "供水维修队",
    "电梯维保部",
]


@dataclass
class Event:
    kind: str
    at: datetime
    actor: int | None  # staff index
    data: dict = field(default_factory=dict)


@dataclass
class TicketRecord:
    index: int  # 0-based; ids are index + 1 on both sides
    number: str
    category: str
    channel: str
    status: str
    priority: str
    customer: int  # customer index
    contact_name: str
    contact_phone: str
    contact_address: str
    content: str
    received_at: datetime
    owner: int  # staff index
    department: int | None  # department index
    dispatched_at: datetime | None = None
    accepted_at: datetime | None = None
    started_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    held_at: datetime | None = None
    result: str = ""
    answer: str = ""
    events: list[Event] = field(default_factory=list)
    due_now: bool = False  # one open ticket in a hundred has a promise falling due at the anchor


@dataclass
class StaffRecord:
    index: int
    username: str
    name: str
    work_number: str
    role: str
    department: int | None


@dataclass
class CustomerRecord:
    index: int
    name: str
    gender: str
    grade: str
    phone: str
    community: int
    building: str
    unit: str
    room: str


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def sizes(tickets: int) -> dict[str, int]:
    return {
        "tickets": tickets,
        "customers": max(tickets // 5, 50),
        "communities": max(tickets // 5000, 4),
        "departments": DEPARTMENTS,
        "staff": STAFF,
    }


@cache
def department_names() -> list[tuple[str, str]]:
    """(code, name); department 0 is the customer-service centre, the rest do the work."""
    out = [("cs", "客服中心")]
    for i in range(1, DEPARTMENTS):
        base = DEPARTMENT_NAMES[1 + (i - 1) % (len(DEPARTMENT_NAMES) - 1)]
        out.append((f"d{i:02d}", f"{base}{(i - 1) // (len(DEPARTMENT_NAMES) - 1) + 1}组"))
    return out


def community_names(n: int) -> list[str]:
    names = []
    for i in range(n):
        w = COMMUNITY_WORDS[i % len(COMMUNITY_WORDS)]
        s = COMMUNITY_SUFFIX[(i // len(COMMUNITY_WORDS)) % len(COMMUNITY_SUFFIX)]
        k = i // (len(COMMUNITY_WORDS) * len(COMMUNITY_SUFFIX))
        names.append(f"{w}{s}" + (f"{k + 1}期" if k else ""))
    return names


def staff(seed: int = SEED) -> list[StaffRecord]:
    """400 staff: index 0 is the benchmark's supervisor (sees all, records requests)."""
    rng = random.Random(seed + 1)
    roles = (
        ["supervisor"] * 10
        + ["manager"] * 2
        + ["agent"] * 120
        + ["steward"] * 30
        + ["night_duty"] * 20
        + ["qa"] * 10
        + ["admin"] * 8
        + ["field"] * 200
    )
    out = []
    for i, role in enumerate(roles):
        dept = 0 if role != "field" and role != "admin" else (None if role == "admin" else 1 + i % (DEPARTMENTS - 1))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
        out.append(StaffRecord(i, "bench_lead" if i == 0 else f"s{i:03d}", name, f"B{i:04d}", role, dept))
    return out


INTAKE_STAFF = [s.index for s in staff() if s.role in ("supervisor", "manager", "agent", "steward", "night_duty")]
FIELD_BY_DEPT: dict[int, list[int]] = {}
for _s in staff():
    if _s.role == "field":
        FIELD_BY_DEPT.setdefault(_s.department, []).append(_s.index)


def customers(n_tickets: int, seed: int = SEED) -> Iterator[CustomerRecord]:
    sz = sizes(n_tickets)
    rng = random.Random(seed + 2)
    for i in range(sz["customers"]):
        gender = "male" if rng.random() < 0.5 else "female"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        yield CustomerRecord(
            i,
            name,
            gender,
            _pick(rng, {"A": 1, "B": 3, "C": 6}),
            f"13{rng.randrange(10**9):09d}",
            rng.randrange(sz["communities"]),
            str(rng.randint(1, 30)),
            str(rng.randint(1, 4)),
            str(rng.randint(1, 33) * 100 + rng.randint(1, 4)),
        )


def tickets(n_tickets: int, anchor: datetime, seed: int = SEED) -> Iterator[TicketRecord]:
    """The tickets in the order they were received, numbered GDyyyymmdd-NNNN per day.

    `anchor` (aware) is "now" for the data: the newest ticket is received before it, and the
    open tickets chosen as due have a promise falling due just before it.
    """
    sz = sizes(n_tickets)
    rng = random.Random(seed)
    start = anchor - timedelta(days=DAYS)
    # Draw all receive times first so the numbers follow the time order.
    hours = list(range(24))
    times = []
    for _ in range(n_tickets):
        day = rng.randrange(DAYS + 1)
        t = start + timedelta(days=day, hours=rng.choices(hours, weights=HOUR_WEIGHTS)[0], seconds=rng.randrange(3600))
        if t >= anchor:
            t = anchor - timedelta(seconds=rng.randrange(60, 6 * 3600))
        times.append(t)
    times.sort()
    communities = community_names(sz["communities"])
    seq: dict[str, int] = {}
    _OPEN_SEEN[0] = 0
    for i, received in enumerate(times):
        day = received.strftime("%Y%m%d")
        seq[day] = seq.get(day, 0) + 1
        number = f"GD{day}-{seq[day]:04d}"
        category = _pick(rng, CATEGORY_WEIGHTS)
        channel = "phone" if category == "emergency" else _pick(rng, CHANNEL_WEIGHTS)
        priority = "urgent" if category == "emergency" else _pick(rng, PRIORITIES)
        age_days = (anchor - received).total_seconds() / 86400
        status = next(_pick(rng, shares) for bound, shares in STATUS_BY_AGE if age_days < bound)
        answered = category in ANSWERED and rng.random() < 0.8
        if answered and status in ("dispatched", "accepted", "in_progress", "on_hold"):
            status = "new" if age_days < 0.25 else "resolved"
        customer = rng.randrange(sz["customers"])
        phrase = rng.choice(PHRASES[category])
        if category == "emergency" and rng.random() < 0.35 or category == "repair" and rng.random() < 0.03:
            phrase = rng.choice(["燃气管道漏气", "厨房燃气漏气", "燃气表附近漏气"])
        if i % 50_000 == 7:
            phrase = RARE_PHRASE
        community = communities[customer % len(communities)]
        building, unit = str(1 + customer % 30), str(1 + customer % 4)
        address = f"{community}{building}号楼{unit}单元{(customer % 33 + 1) * 100 + customer % 4 + 1}室"
        content = f"{community}{building}号楼{phrase}{rng.choice(DETAILS)}"
        owner = rng.choice(INTAKE_STAFF)
        t = TicketRecord(
            i,
            number,
            category,
            channel,
            status,
            priority,
            customer,
            "",
            f"13{customer:09d}",
            address,
            content,
            received,
            owner,
            None,
        )
        _play(t, rng, anchor, answered)
        yield t


def _play(t: TicketRecord, rng: random.Random, anchor: datetime, answered: bool) -> None:
    """Timestamps and the timeline (3-8 events) that lead to the ticket's final status."""
    ev = t.events
    at = t.received_at
    ev.append(Event("created", at, t.owner, {"channel": t.channel, "category": t.category, "priority": t.priority}))
    limit = anchor - timedelta(seconds=30)

    def step(minutes_mean: float) -> datetime:
        nonlocal at
        at = min(at + timedelta(minutes=rng.expovariate(1 / minutes_mean)), limit)
        return at

    order = ["new", "dispatched", "accepted", "in_progress", "on_hold", "resolved", "closed"]
    target = order.index(t.status)
    if answered:
        if target >= order.index("resolved"):
            t.resolved_at = step(90)
            t.answer = rng.choice(RESULTS)
            ev.append(Event("answered", at, t.owner, {"answer": t.answer}))
    elif target >= 1:
        t.department = 1 + rng.randrange(DEPARTMENTS - 1)
        name = department_names()[t.department][1]
        t.dispatched_at = step(12)
        ev.append(
            Event(
                "dispatched", at, t.owner, {"department": department_names()[t.department][0], "department_name": name}
            )
        )
        field_staff = FIELD_BY_DEPT.get(t.department) or [t.owner]
        worker = rng.choice(field_staff)
        if target >= 2:
            t.accepted_at = step(20)
            ev.append(Event("accepted", at, worker, {"department_name": name}))
        if target >= 3:
            t.started_at = step(120)
            ev.append(Event("started", at, worker))
        if t.status == "on_hold" or (target >= 5 and rng.random() < 0.05):
            t.held_at = step(60)
            ev.append(Event("held", at, worker, {"reason": rng.choice(HOLD_REASONS)}))
            if t.status != "on_hold":
                step(60 * 24)
                ev.append(Event("resumed", at, worker, {"paused_minutes": int((at - t.held_at).total_seconds() // 60)}))
                t.held_at = None
        if target >= 5:
            t.resolved_at = step(600)
            t.result = rng.choice(RESULTS)
            ev.append(Event("resolved", at, worker, {"result": t.result}))
    if t.status == "closed":
        t.closed_at = step(60 * 24)
        ev.append(Event("closed", at, t.owner, {"note": "回访：业主对处理结果满意"}))
    while len(ev) < 3 or (len(ev) < 8 and rng.random() < 0.25):
        note_at = ev[-1].at if t.status != "closed" else t.closed_at
        ev.insert(
            len(ev) - (t.status == "closed"), Event("note", min(note_at, limit), t.owner, {"text": rng.choice(NOTES)})
        )
    ev.sort(key=lambda e: e.at)
    if t.status not in ("resolved", "closed"):
        _OPEN_SEEN[0] += 1
        t.due_now = _OPEN_SEEN[0] % 100 == 1  # one open ticket in a hundred, the first included


_OPEN_SEEN = [0]
