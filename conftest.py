import pytest

from tests.factories import CustomerFactory
from tests.personas import build_world
from tickets.actions import create_ticket


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs ~0.3 s a password by design; the personas would make every
    # test pay seconds for it. Tests check who may do what, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_sampled_callbacks(settings):
    # Consultations are sampled for callbacks by a hash of their number (callbacks.rules): a test
    # that is not about sampling would otherwise depend on which numbers it happens to draw.
    # Tests of the sampling set the share themselves.
    settings.KEFU_CALLBACK_CONSULTATION_PERCENT = 0


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def customer(db):
    return CustomerFactory(name="王建国", gender="male", phone="13800138000")


@pytest.fixture
def make_ticket(world, customer):
    """A ticket recorded by the agent through the real intake action."""

    def make(**overrides):
        fields = {
            "actor": world.agent,
            "category": "repair",
            "channel": "phone",
            "content": "厨房水管漏水",
            "customer": customer,
        }
        fields.update(overrides)
        return create_ticket(**fields)

    return make
