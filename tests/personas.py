"""The named people of our tests (healthchecks' hc/test.py): who acts, who must be refused."""

from dataclasses import dataclass

from accounts.models import Department, Role, Staff
from tests.factories import DepartmentFactory, StaffFactory


@dataclass
class World:
    cs: Department  # 客服中心
    eng: Department  # 工程部
    security: Department  # 秩序维护部
    manager: Staff
    supervisor: Staff
    agent: Staff  # 客服专员 of 客服中心: records requests and owns them
    agent2: Staff  # a colleague on the same shift
    steward: Staff
    night: Staff
    engineer: Staff  # 维修工 of 工程部: accepts, starts, resolves
    guard: Staff  # field staff of 秩序维护部: must be refused on 工程部's work
    qa: Staff
    admin: Staff


def build_world() -> World:
    cs = DepartmentFactory(code="cs", name="客服中心")
    eng = DepartmentFactory(code="eng", name="工程部")
    security = DepartmentFactory(code="security", name="秩序维护部")
    manager = StaffFactory(username="manager", name="赵经理", work_number="KF001", role=Role.MANAGER, department=cs)
    supervisor = StaffFactory(
        username="supervisor", name="钱主管", work_number="KF002", role=Role.SUPERVISOR, department=cs, superior=manager
    )
    kw = {"department": cs, "superior": supervisor}
    return World(
        cs=cs,
        eng=eng,
        security=security,
        manager=manager,
        supervisor=supervisor,
        agent=StaffFactory(username="agent", name="孙丽", work_number="KF101", role=Role.AGENT, **kw),
        agent2=StaffFactory(username="agent2", name="周敏", work_number="KF102", role=Role.AGENT, **kw),
        steward=StaffFactory(username="steward", name="吴管家", work_number="KF201", role=Role.STEWARD, **kw),
        night=StaffFactory(username="night", name="郑夜班", work_number="KF301", role=Role.NIGHT_DUTY, **kw),
        engineer=StaffFactory(username="engineer", name="王师傅", work_number="GC101", role=Role.FIELD, department=eng),
        guard=StaffFactory(username="guard", name="冯保安", work_number="ZX101", role=Role.FIELD, department=security),
        qa=StaffFactory(username="qa", name="陈质检", work_number="QA101", role=Role.QA, department=cs),
        admin=StaffFactory(
            username="admin", name="系统管理员", work_number="ADM01", role=Role.ADMIN, is_staff=True, is_superuser=True
        ),
    )
