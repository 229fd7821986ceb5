"""Two records of one household made one, and an administrator's undo (F1)."""

from customers.models import Customer, CustomerChange, CustomerMerge, CustomerPhone
from kefu.apitest import ApiClient, error_of
from tests.factories import CustomerFactory
from tickets.models import Ticket

URL = "/api/v1/customers"


def test_merge_moves_tickets_phones_and_premises_and_is_logged(world, customer, make_ticket):
    other = CustomerFactory(name="王建国", gender="male", phone="13900001111")
    CustomerPhone.objects.create(customer=other, number="13800138000")  # the same number on both
    ticket = make_ticket(customer=other)
    kept_ticket = make_ticket()

    response = ApiClient(world.supervisor).post(f"{URL}/{customer.pk}/merge", {"other": other.pk})

    assert response.status_code == 201, response.json()
    merge = CustomerMerge.objects.get()
    assert response.json()["id"] == merge.pk
    assert set(Ticket.objects.filter(customer=customer).values_list("pk", flat=True)) == {ticket.pk, kept_ticket.pk}
    assert sorted(customer.phones.values_list("number", flat=True)) == ["13800138000", "13900001111"]
    assert customer.premises.count() == 2
    other.refresh_from_db()
    assert other.merged_into == customer
    assert list(other.phones.values_list("number", flat=True)) == ["13800138000"]  # the duplicate stays
    assert CustomerChange.objects.get(customer=customer).kind == "merged"
    assert CustomerChange.objects.get(customer=other).kind == "absorbed"
    # The merged record no longer answers a lookup.
    found = ApiClient(world.agent).get(URL, {"phone": "13800138000"}).json()
    assert [c["id"] for c in found] == [customer.pk]


def test_an_admin_undoes_a_merge_and_exactly_the_moved_rows_go_back(world, customer, make_ticket):
    other = CustomerFactory(name="王建国", gender="male", phone="13900001111")
    ticket = make_ticket(customer=other)
    ApiClient(world.manager).post(f"{URL}/{customer.pk}/merge", {"other": other.pk})
    merge = CustomerMerge.objects.get()
    later = make_ticket()  # recorded on the survivor after the merge: stays there

    response = ApiClient(world.admin).post(f"{URL}/merges/{merge.pk}/undo")

    assert response.status_code == 200, response.json()
    assert response.json()["undone_at"] is not None
    ticket.refresh_from_db()
    later.refresh_from_db()
    assert ticket.customer == other
    assert later.customer == customer
    assert list(other.phones.values_list("number", flat=True)) == ["13900001111"]
    assert Customer.objects.get(pk=other.pk).merged_into is None
    assert CustomerChange.objects.filter(kind="merge_undone").count() == 2
    again = ApiClient(world.admin).post(f"{URL}/merges/{merge.pk}/undo")
    assert again.status_code == 409


def test_only_an_admin_undoes(world, customer):
    other = CustomerFactory()
    ApiClient(world.manager).post(f"{URL}/{customer.pk}/merge", {"other": other.pk})
    merge = CustomerMerge.objects.get()

    response = ApiClient(world.manager).post(f"{URL}/merges/{merge.pk}/undo")

    assert response.status_code == 403
    assert CustomerMerge.objects.get().undone_at is None


def test_an_agent_may_not_merge(world, customer):
    other = CustomerFactory()

    response = ApiClient(world.agent).post(f"{URL}/{customer.pk}/merge", {"other": other.pk})

    assert response.status_code == 403
    assert not CustomerMerge.objects.exists()


def test_bad_merges_are_refused_and_write_nothing(world, customer):
    client = ApiClient(world.manager)
    itself = client.post(f"{URL}/{customer.pk}/merge", {"other": customer.pk})
    unknown = client.post(f"{URL}/{customer.pk}/merge", {"other": 999999})
    garbage = client.post(f"{URL}/{customer.pk}/merge", {"other": "张三"})

    assert itself.status_code == 400
    assert error_of(itself)["message"] == "不能把记录与它自己合并。"
    assert unknown.status_code == 400
    assert error_of(unknown)["fields"] == {"other": "客户不存在。"}
    assert garbage.status_code == 400
    assert not CustomerMerge.objects.exists()
    assert not CustomerChange.objects.exists()
