import pytest

from emergency.library import load_library


@pytest.fixture
def library(world):
    """The starting plan library, as `load_emergency_plans` writes it (after the departments exist)."""
    assert load_library() == 7


@pytest.fixture
def gas_ticket(make_ticket, library):
    return make_ticket(category="emergency", content="5号楼2单元楼道有很浓的燃气味，怀疑漏气")
