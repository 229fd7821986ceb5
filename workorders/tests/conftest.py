from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from tests.factories import DepartmentFactory, StaffFactory
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def cleaning(world):
    """保洁绿化部 and one of its cleaners."""
    department = DepartmentFactory(code="clean", name="保洁绿化部")
    world.cleaner = StaffFactory(
        username="cleaner", name="何阿姨", work_number="BJ101", role=Role.FIELD, department=department
    )
    return department


@pytest.fixture
def in_progress(world, make_ticket):
    """A repair taken on and started by 工程部's engineer."""
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    return start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)


def work_through(ticket, engineer, result="已处理完毕"):
    """Accept, start and resolve a dispatched ticket as `engineer`."""
    ticket = start_ticket(accept_ticket(ticket, actor=engineer), actor=engineer)
    return resolve_ticket(ticket, result=result, actor=engineer)
