"""customers.selectors.customer_for_intake: what intake reads of a customer, in one statement."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from customers.models import Community, Customer, CustomerPhone, Premises
from customers.selectors import customer_for_intake, first_premises
from tests.factories import CustomerFactory


def _fields(customer):
    return {f.attname: getattr(customer, f.attname) for f in Customer._meta.concrete_fields}


def test_a_customer_with_premises_comes_with_its_first_ones_and_first_phone_in_one_statement(db):
    customer = CustomerFactory(name="王建国", phone="13800138000")
    CustomerPhone.objects.create(customer=customer, number="13900139000")
    later = Premises.objects.create(
        customer=customer, community=Community.objects.create(name="碧水湾"), building="9", room="101"
    )
    with CaptureQueriesContext(connection) as reads:
        found = customer_for_intake(customer.pk)
        premises = first_premises(found)
    assert len(reads) == 1
    assert _fields(found) == _fields(Customer.objects.get(pk=customer.pk))
    assert found.first_phone == "13800138000"
    first = Premises.objects.filter(customer=customer).order_by("id").first()
    assert premises.pk == first.pk != later.pk and premises.community.name == "翠湖苑"
    assert premises.customer is found


def test_a_customer_without_premises_or_phones_takes_two_statements(db):
    customer = Customer.objects.create(name="李秀英", gender="female")
    with CaptureQueriesContext(connection) as reads:
        found = customer_for_intake(customer.pk)
        assert first_premises(found) is None
    assert len(reads) == 2
    assert _fields(found) == _fields(customer) and found.first_phone is None


def test_an_unknown_customer_is_none(db):
    assert customer_for_intake(987654) is None


def test_a_customer_read_otherwise_has_its_first_premises_read(db):
    customer = CustomerFactory()
    with CaptureQueriesContext(connection) as reads:
        premises = first_premises(Customer.objects.get(pk=customer.pk))
    assert len(reads) == 2 and premises.customer_id == customer.pk
