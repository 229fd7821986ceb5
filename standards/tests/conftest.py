import pytest

from standards.demo import seed_standards


@pytest.fixture
def handbook(db):
    """The handbooks' forbidden phrases and phrase library, as the demo company has them."""
    seed_standards()
