"""The demo company 亚美物业: departments, staff with reporting lines, communities and households."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password

from accounts.models import Department, Role, Staff
from customers.actions import PremisesIn, create_customer
from customers.models import Area, Community, Customer, CustomerType, Grade, Premises
from demo.names import UniqueNames, UniquePhones

DEPARTMENTS = [
    # code, name
    ("cs", "客服中心"),
    ("eng", "工程部"),
    ("security", "秩序维护部"),
    ("cleaning", "保洁绿化部"),
    ("finance", "财务部"),
]

# username, name, work number (工号), role, department, superior, heads the department
STAFF = [
    ("manager", "刘雅琴", "KF001", Role.MANAGER, "cs", None, True),
    ("supervisor", "张慧敏", "KF002", Role.SUPERVISOR, "cs", "manager", False),
    ("steward", "李晓燕", "KF201", Role.STEWARD, "cs", "supervisor", False),
    ("steward2", "王海涛", "KF202", Role.STEWARD, "cs", "supervisor", False),
    ("steward3", "陈佳怡", "KF203", Role.STEWARD, "cs", "supervisor", False),
    ("agent", "孙丽", "KF101", Role.AGENT, "cs", "supervisor", False),
    ("agent2", "周敏", "KF102", Role.AGENT, "cs", "supervisor", False),
    ("agent3", "赵婷婷", "KF103", Role.AGENT, "cs", "supervisor", False),
    ("agent4", "黄思雨", "KF104", Role.AGENT, "cs", "supervisor", False),
    ("agent5", "吴俊杰", "KF105", Role.AGENT, "cs", "supervisor", False),
    ("night", "郑国强", "KF301", Role.NIGHT_DUTY, "cs", "supervisor", False),
    ("night2", "何建华", "KF302", Role.NIGHT_DUTY, "cs", "supervisor", False),
    ("qa", "徐静", "ZJ001", Role.QA, "cs", "manager", False),
    ("eng_head", "马卫东", "GC001", Role.FIELD, "eng", None, True),
    ("engineer", "王建军", "GC101", Role.FIELD, "eng", "eng_head", False),
    ("eng2", "杨志强", "GC102", Role.FIELD, "eng", "eng_head", False),
    ("eng3", "胡永刚", "GC103", Role.FIELD, "eng", "eng_head", False),
    ("eng4", "郭明辉", "GC104", Role.FIELD, "eng", "eng_head", False),
    ("sec_head", "林振华", "ZX001", Role.FIELD, "security", None, True),
    ("guard", "高鹏", "ZX101", Role.FIELD, "security", "sec_head", False),
    ("guard2", "罗立新", "ZX102", Role.FIELD, "security", "sec_head", False),
    ("guard3", "梁晓东", "ZX103", Role.FIELD, "security", "sec_head", False),
    ("clean_head", "谢玉兰", "BJ001", Role.FIELD, "cleaning", None, True),
    ("cleaner", "宋桂英", "BJ101", Role.FIELD, "cleaning", "clean_head", False),
    ("cleaner2", "唐春梅", "BJ102", Role.FIELD, "cleaning", "clean_head", False),
    ("fin_head", "韩淑华", "CW001", Role.FIELD, "finance", None, True),
    ("finance", "冯晓雪", "CW101", Role.FIELD, "finance", "fin_head", False),
    ("admin", "曹文博", "XT001", Role.ADMIN, None, None, False),
]

# The account shown for each role in the login table.
LOGIN_PER_ROLE = ["manager", "supervisor", "steward", "agent", "night", "engineer", "qa", "admin"]

# community, its area, the area's steward, buildings, units per building, floors
COMMUNITIES = [
    ("翠湖苑", "翠湖苑片区", "steward", 12, 2, 18),
    ("金桂园", "金桂园片区", "steward2", 8, 3, 11),
    ("阳光花城", "阳光花城片区", "steward3", 15, 2, 26),
]

# F2 (001 附录 服务技巧), retold for a property company.
CUSTOMER_TYPES = [
    (
        "政府官员",
        "在意服务态度，希望得到尊重；服务要准时、周到。尊重其意见，在不违反规定的前提下积极满足要求；"
        "态度和蔼、用语谨慎，绝不可急躁或顶撞。",
    ),
    (
        "企业老板",
        "重视效率和安全，宁肯多花钱也要确保安全；可能提出一些不合常规的要求。耐心解释，符合规定的尽量满足，"
        "上门时多做设备安全检查，并给出合理化建议。",
    ),
    (
        "企业经理",
        "对文字敏感，事事要求按规定办理，注重服务人员仪表。遵守各项规定，服务周到，举止文明、着装整洁，"
        "不卑不亢，尊重其习惯。",
    ),
    (
        "财务人员",
        "办事细致认真，对费用非常敏感，担心乱收费、不负责任。耐心解释各项收费标准和依据，有偿服务先报价、"
        "后施工，收费出具明细和票据。",
    ),
    (
        "工程技术人员",
        "对设备和技术感兴趣，希望获得相关知识。在说明处理方案的同时，可多交流水电管道、设备维护保养方面的专业知识。",
    ),
    (
        "普通用户",
        "比较在意服务费用，对单项服务或零件价格敏感，不求最好只求实惠。优先推荐无偿服务项目，有偿服务先报价，"
        "尽量提供最经济的方案。",
    ),
]
# Share of households with a recorded type, and how the types are spread among them.
TYPE_WEIGHTS = [4, 8, 10, 8, 10, 60]
GRADE_WEIGHTS = {Grade.A: 10, Grade.B: 30, Grade.C: 60}


@dataclass
class Company:
    departments: dict[str, Department]
    staff: dict[str, Staff]
    communities: list[Community]
    households: list[tuple[Customer, Premises]]
    walk_up_phones: UniquePhones
    staff_by_pk: dict[int, Staff] = field(init=False)
    steward_of: dict[int, Staff] = field(init=False)

    def __post_init__(self):
        self.staff_by_pk = {s.pk: s for s in self.staff.values()}
        self.steward_of = {
            c.pk: self.staff_by_pk[c.area.steward_id] for c in self.communities if c.area and c.area.steward_id
        }

    def members(self, department: str) -> list[Staff]:
        return [
            s
            for s in self.staff.values()
            if s.department_id == self.departments[department].pk and s.role == Role.FIELD
        ]

    def of_role(self, role: str) -> list[Staff]:
        return [s for s in self.staff.values() if s.role == role]


def build_staff(password: str, joined: datetime) -> tuple[dict[str, Department], dict[str, Staff]]:
    departments = {
        code: Department.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in DEPARTMENTS
    }
    # One hash for every demo account: they share one published password, and hashing it 28
    # times would cost more than loading the rest of the company.
    hashed = make_password(password)
    phones = UniquePhones(random.Random("kefu-demo-staff"))
    staff: dict[str, Staff] = {}
    for i, (username, name, work_number, role, dept, superior, _head) in enumerate(STAFF):
        staff[username] = Staff.objects.create(
            username=username,
            password=hashed,
            name=name,
            work_number=work_number,
            role=role,
            department=departments[dept] if dept else None,
            superior=staff[superior] if superior else None,
            phone=phones.draw(),
            email=f"{username}@yamei-wuye.example",
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
            date_joined=joined - timedelta(days=30 * (len(STAFF) - i)),
        )
    for username, _name, _wn, _role, dept, _sup, head in STAFF:
        if head:
            Department.objects.filter(pk=departments[dept].pk).update(head=staff[username])
            departments[dept].head = staff[username]
    return departments, staff


def build_archive(
    rng: random.Random, staff: dict[str, Staff], *, households: int, since: datetime
) -> tuple[list[Community], list[Customer]]:
    """About `households` households across the three communities, each through create_customer."""
    communities = []
    for name, area_name, steward, *_size in COMMUNITIES:
        area, _ = Area.objects.update_or_create(name=area_name, defaults={"steward": staff[steward]})
        community, _ = Community.objects.update_or_create(name=name, defaults={"area": area})
        communities.append(community)
    types = [
        CustomerType.objects.update_or_create(name=n, defaults={"service_tip": tip})[0] for n, tip in CUSTOMER_TYPES
    ]

    names = UniqueNames(rng, {row[1] for row in STAFF})
    phones = UniquePhones(rng)
    addresses: set[tuple] = set()
    customers = []
    created_by = [
        staff["agent"],
        staff["agent2"],
        staff["agent3"],
        staff["steward"],
        staff["steward2"],
        staff["steward3"],
    ]
    for i in range(households):
        community_name, _area, steward, buildings, units, floors = COMMUNITIES[i % len(COMMUNITIES)]
        while True:
            address = (
                community_name,
                str(rng.randint(1, buildings)),
                str(rng.randint(1, units)),
                f"{rng.randint(1, floors)}{rng.randint(1, 4):02d}",
            )
            if address not in addresses:
                addresses.add(address)
                break
        gender = "male" if rng.random() < 0.52 else "female"
        name = names.draw(gender)
        numbers = [phones.draw() for _ in range(2 if rng.random() < 0.35 else 1)]
        grade = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()))[0]
        customer_type = rng.choices(types, weights=TYPE_WEIGHTS)[0] if rng.random() < 0.4 else None
        note = ""
        if rng.random() < 0.08:
            note = rng.choice(
                [
                    "独居老人，上门前请先电话联系",
                    "房屋出租中，租户联系电话见副号码",
                    "家中有婴儿，上门请轻声",
                    "业委会委员",
                ]
            )
        customers.append(
            create_customer(
                actor=rng.choice(created_by),
                name=name,
                phones=numbers,
                gender=gender,
                grade=grade,
                premises=[PremisesIn(*address)],
                customer_type=customer_type,
                note=note,
            )
        )
    # The archive was built when the households moved in, long before the demo's two months;
    # create_customer stamps the real "now", so the date is set afterwards.
    for i, customer in enumerate(customers):
        customer.created_at = since - timedelta(days=30 + (len(customers) - i) * 2, hours=i % 9)
    Customer.objects.bulk_update(customers, ["created_at"], batch_size=500)
    return communities, customers
