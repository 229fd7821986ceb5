from datetime import time

import pytest

from shifts.models import ShiftTemplate


@pytest.fixture
def templates(db):
    return {
        "day": ShiftTemplate.objects.create(code="day", name="白班", start=time(8), end=time(20)),
        "night": ShiftTemplate.objects.create(
            code="night", name="夜班", start=time(20), end=time(8), crosses_midnight=True
        ),
    }
