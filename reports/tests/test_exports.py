"""The lists as spreadsheets (K3): tickets with the board's filters, callbacks, complaints, the
customer archive; each refused to whom the list is refused."""

import io

import openpyxl
from django.urls import reverse


def _rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_the_ticket_list_exports_with_its_filters(client, month):
    client.force_login(month.supervisor)
    everything = _rows(client.get(reverse("export-tickets"), {"status": "closed"}))
    assert everything[1][:3] == ("工单号", "受理时间", "类别")
    assert len(everything) == 2 + 3  # 3 closed tickets: 2 repairs, 1 complaint
    repairs = _rows(client.get(reverse("export-tickets"), {"status": "closed", "category": "repair"}))
    assert len(repairs) == 2 + 2 and {r[2] for r in repairs[2:]} == {"报修"}
    open_work = _rows(client.get(reverse("export-tickets"), {"department": "security"}))
    assert [r[8] for r in open_work[2:]] == ["夜里噪音"]
    assert "筛选条件：department=security" in open_work[0][0]
    assert client.get(reverse("export-tickets"), {"status": "lost"}).status_code == 400


def test_field_staff_export_only_what_they_may_see(client, month):
    client.force_login(month.guard)
    rows = _rows(client.get(reverse("export-tickets"), {"status": "closed"}))
    assert [r[9] for r in rows[2:]] == ["秩序维护部"]


def test_callbacks_complaints_and_customers_export(client, month):
    client.force_login(month.manager)
    callbacks = _rows(client.get(reverse("export-callbacks")))
    assert len(callbacks) == 2 + 5 and callbacks[1][0] == "工单"
    assert sorted(r[5] or "" for r in callbacks[2:]) == ["", "不满意", "基本满意", "满意", "满意"]
    complaints = _rows(client.get(reverse("export-complaints")))
    assert [r[4] for r in complaints[2:]] == ["夜里噪音", "保安态度差"]
    assert complaints[3][10] == 30.0  # hours from receipt to resolution
    customers = _rows(client.get(reverse("export-customers")))
    assert customers[2][0] == "王建国" and customers[2][7] == "138****8000"  # masked as on the card
    found = _rows(client.get(reverse("export-customers"), {"q": "王"}))
    assert len(found) == 3


def test_exports_are_refused_to_whom_the_list_is(client, month):
    client.force_login(month.engineer)
    assert client.get(reverse("export-customers"), {"q": "王"}).status_code == 403
    assert client.get(reverse("export-complaints")).status_code == 403
    client.force_login(month.agent)
    assert client.get(reverse("export-customers")).status_code == 403  # the whole archive: leads only
    assert client.get(reverse("export-customers"), {"q": "王"}).status_code == 200
