"""POST registers/{kind}, POST registers/{kind}/{id}/close, GET registers (API.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.apitest import ApiClient, error_of
from registers.models import Entry, EntryEvent, KeyAuthorisation

URL = "/api/v1/registers"


@pytest.fixture
def desk(world):
    return ApiClient(world.agent)


def _authorise(client, customer):
    response = client.post(f"{URL}/key-authorisations", {"customer": customer.pk, "reference": "WT-2026-001"})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_key_loan_needs_the_authorisation_on_file(desk, customer):
    due = (timezone.now() + timedelta(hours=2)).isoformat()
    body = {
        "customer": customer.pk,
        "description": "1502 房门钥匙",
        "borrower": "李师傅",
        "id_checked": True,
        "due_back_at": due,
    }
    refused = desk.post(f"{URL}/key", body)
    assert refused.status_code == 400
    assert error_of(refused)["code"] == "no_authorisation"
    assert "钥匙委托书" in error_of(refused)["message"]
    assert Entry.objects.count() == 0

    _authorise(desk, customer)
    response = desk.post(f"{URL}/key", body)
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["kind"] == "key"
    assert entry["status"] == "open"
    assert entry["borrower"] == "李师傅"
    assert entry["id_checked"] is True
    assert entry["overdue"] is False
    assert [e["kind"] for e in entry["history"]] == ["opened"]


def test_a_key_without_id_check_is_refused(desk, customer):
    _authorise(desk, customer)
    due = (timezone.now() + timedelta(hours=2)).isoformat()
    response = desk.post(
        f"{URL}/key", {"customer": customer.pk, "description": "钥匙", "borrower": "李师傅", "due_back_at": due}
    )
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"id_checked": "必填。"} or "id_checked" in error_of(response)["fields"]
    assert Entry.objects.count() == 0


def test_an_overdue_key_is_flagged(desk, customer, world):
    _authorise(desk, customer)
    due = timezone.now() + timedelta(hours=1)
    entry = desk.post(
        f"{URL}/key",
        {
            "customer": customer.pk,
            "description": "钥匙",
            "borrower": "李师傅",
            "id_checked": True,
            "due_back_at": due.isoformat(),
        },
    ).json()
    import time_machine

    with time_machine.travel(due + timedelta(minutes=5)):
        listed = desk.get(URL, {"kind": "key", "status": "open"}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == entry["id"]
    assert listed["items"][0]["overdue"] is True


def test_storage_is_collected_by_the_customer_or_the_named_person_only(desk, customer):
    entry = desk.post(
        f"{URL}/storage", {"customer": customer.pk, "description": "一个纸箱", "named_person": "王小明"}
    ).json()
    assert len(entry["claim_code"]) == 6
    refused = desk.post(f"{URL}/storage/{entry['id']}/close", {"by": "陌生人"})
    assert refused.status_code == 400
    assert error_of(refused)["code"] == "not_named"
    assert Entry.objects.get().status == "open"
    closed = desk.post(f"{URL}/storage/{entry['id']}/close", {"by": "王小明"})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["collected_by"] == "王小明"
    assert [e["kind"] for e in closed.json()["history"]] == ["opened", "closed"]


def test_closing_without_by_means_the_customer(desk, customer):
    entry = desk.post(
        f"{URL}/mail",
        {"customer": customer.pk, "description": "EMS 文件", "mail_type": "ems", "tracking_number": "EA123456789CN"},
    ).json()
    told = desk.post(f"{URL}/mail/{entry['id']}/told")
    assert told.json()["customer_told_at"] is not None
    closed = desk.post(f"{URL}/mail/{entry['id']}/close", {})
    assert closed.json()["collected_by"] == customer.name


def test_closing_a_closed_entry_is_a_conflict(desk, customer):
    entry = desk.post(f"{URL}/lost_found", {"description": "黑色雨伞", "place": "1号楼大堂"}).json()
    assert desk.post(f"{URL}/lost_found/{entry['id']}/close", {"by": "赵女士"}).status_code == 200
    again = desk.post(f"{URL}/lost_found/{entry['id']}/close", {"by": "钱先生"})
    assert again.status_code == 409
    assert error_of(again)["code"] == "entry_closed"
    assert error_of(again)["message"] == "该登记已经关闭。"
    assert Entry.objects.get().collected_by == "赵女士"
    assert EntryEvent.objects.count() == 2


def test_an_unknown_kind_is_refused(desk, customer):
    response = desk.post(f"{URL}/parcel", {"customer": customer.pk, "description": "x"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "unknown_kind"
    assert error_of(response)["message"] == "没有这种登记。"
    assert desk.get(URL, {"kind": "parcel"}).status_code == 400
    assert Entry.objects.count() == 0


def test_a_card_fee_is_a_decimal(desk, customer):
    entry = desk.post(
        f"{URL}/card",
        {
            "customer": customer.pk,
            "description": "门禁卡挂失补办",
            "card_number": "A-0001",
            "card_action": "loss",
            "fee": "20.50",
        },
    ).json()
    assert entry["fee"] == "20.50"
    assert str(Entry.objects.get().fee) == "20.50"
    for fee in ("-1", "abc", "20.555", "1e9"):
        response = desk.post(
            f"{URL}/card",
            {"customer": customer.pk, "description": "x", "card_number": "A-2", "card_action": "issue", "fee": fee},
        )
        assert response.status_code == 400, fee
        assert "fee" in error_of(response)["fields"]
    assert Entry.objects.count() == 1


def test_garbage_fields_write_nothing(desk, customer):
    cases = [
        ("storage", {"customer": 999999, "description": "x"}, "customer"),
        ("storage", {"customer": customer.pk, "description": "x", "colour": "red"}, "colour"),
        ("mail", {"customer": customer.pk, "description": "x", "mail_type": "pigeon"}, "mail_type"),
        (
            "card",
            {"customer": customer.pk, "description": "x", "card_number": "1", "card_action": "eat"},
            "card_action",
        ),
        ("lost_found", {"description": "x"}, "place"),
        ("storage", {"customer": customer.pk, "description": ""}, "description"),
        ("key", {"customer": customer.pk, "description": "x", "due_back_at": "tomorrow"}, "due_back_at"),
    ]
    for kind, body, field in cases:
        response = desk.post(f"{URL}/{kind}", body)
        assert response.status_code == 400, (kind, body, response.content)
        assert field in error_of(response).get("fields", {}), (kind, body, response.json())
    assert Entry.objects.count() == 0
    assert KeyAuthorisation.objects.count() == 0


def test_field_staff_may_not_use_the_registers(world, customer):
    response = ApiClient(world.engineer).post(f"{URL}/storage", {"customer": customer.pk, "description": "x"})
    assert response.status_code == 403
    assert Entry.objects.count() == 0


def test_a_move_in_closes_when_every_step_is_done(desk, customer):
    premises = customer.premises.first()
    entry = desk.post(f"{URL}/move_in", {"premises": premises.pk}).json()
    assert entry["customer"] == customer.pk
    early = desk.post(f"{URL}/move_in/{entry['id']}/close", {})
    assert early.status_code == 409
    assert error_of(early)["code"] == "steps_missing"
    for step in ("identity", "fees", "agreement", "inspection", "meters", "keys", "cards"):
        assert desk.post(f"{URL}/move_in/{entry['id']}/steps", {"step": step}).status_code == 200
    assert desk.post(f"{URL}/move_in/{entry['id']}/steps", {"step": "party"}).status_code == 400
    closed = desk.post(f"{URL}/move_in/{entry['id']}/close", {})
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_the_list_filters_by_customer_kind_and_status(desk, customer):
    desk.post(f"{URL}/lost_found", {"description": "钥匙扣", "place": "会所"})
    entry = desk.post(f"{URL}/storage", {"customer": customer.pk, "description": "快递"}).json()
    data = desk.get(URL, {"customer": customer.pk}).json()
    assert data["count"] == 1
    assert data["items"][0]["id"] == entry["id"]
    assert desk.get(URL, {"kind": "lost_found", "status": "open"}).json()["count"] == 1
    assert desk.get(URL, {"status": "closed"}).json()["count"] == 0
    assert desk.get(URL, {"status": "gone"}).status_code == 400
