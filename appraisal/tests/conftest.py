from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kefu.apitest import ApiClient

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api(world):
    """api("supervisor").post(...): each persona's own token."""
    clients = {}

    def client(name: str) -> ApiClient:
        if name not in clients:
            clients[name] = ApiClient(getattr(world, name))
        return clients[name]

    return client
