"""manage.py load_demo: loaded once, never into a database in use, the same on every run."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Staff
from customers.models import Customer
from demo import loader as demo
from tickets.models import Ticket

SMALL = {"households": 15, "tickets": demo.MIN_TICKETS}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_small(**options) -> str:
    out = StringIO()
    call_command("load_demo", households=SMALL["households"], tickets=SMALL["tickets"], stdout=out, **options)
    return out.getvalue()


def test_if_empty_loads_once(db):
    first = load_small(if_empty=True)
    counts = (Staff.objects.count(), Customer.objects.count(), Ticket.objects.count())
    second = load_small(if_empty=True)
    assert "demo loaded" in first
    assert "already loaded" in second
    assert (Staff.objects.count(), Customer.objects.count(), Ticket.objects.count()) == counts


def test_it_never_mixes_into_a_database_with_accounts(db):
    Staff.objects.create_superuser("root", "root@example.com", "a-long-password")
    out = load_small(if_empty=True)
    assert "already has accounts" in out
    assert not Ticket.objects.exists()


def test_print_logins_without_the_demo_says_so(db):
    out = StringIO()
    call_command("load_demo", print_logins=True, stdout=out)
    assert "not loaded" in out.getvalue()
    assert not Staff.objects.exists()


def snapshot():
    customers = [
        (c.name, c.gender, c.grade, tuple(p.number for p in c.phones.all()), tuple(str(p) for p in c.premises.all()))
        for c in Customer.objects.order_by("id").prefetch_related("phones", "premises__community")
    ]
    tickets = Counter(Ticket.objects.values_list("category", "content"))
    return customers, tickets


def test_two_loads_give_the_same_company(db):
    with transaction.atomic():
        demo.load(households=20, tickets=demo.MIN_TICKETS)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Customer.objects.exists()
    demo.load(households=20, tickets=demo.MIN_TICKETS)
    assert snapshot() == first
    names = [c[0] for c in first[0]]
    phones = [p for c in first[0] for p in c[3]]
    assert len(set(names)) == len(names) and len(set(phones)) == len(phones)
    assert all(len(p) == 11 and p.startswith("1") for p in phones)


def test_without_if_empty_a_second_load_is_refused(db):
    load_small()
    with pytest.raises(CommandError, match="already loaded"):
        load_small()
