"""GET reports/kpi (API.md): the figures of the known month, counted by hand, by every grouping,
as JSON and as a spreadsheet; bad input refused in Chinese; field staff held to their department."""

import io
import re

import openpyxl
import pytest

from kefu.apitest import ApiClient, error_of
from reports.tests.conftest import NOVEMBER

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_the_figures_per_department_are_those_counted_by_hand(month):
    body = ApiClient(month.manager).get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department"}).json()
    assert (body["from"], body["to"], body["by"]) == ("2026-11-01", "2026-11-30", "department")
    eng, security = body["rows"]
    assert (eng["key"], eng["label"], eng["received"], eng["closed"]) == ("eng", "工程部", 4, 2)
    # 3 verdicts: satisfied, basically satisfied, unsatisfied
    assert (eng["satisfaction_rate"], eng["callback_pass_rate"], eng["repair_quality_pass_rate"]) == (
        0.3333,
        0.6667,
        0.6667,
    )
    assert (eng["complaint_rate"], eng["complaint_processing_rate"]) == (0.0, None)
    assert (security["received"], security["complaint_rate"], security["complaint_processing_rate"]) == (2, 1.0, 0.5)
    assert (security["complaint_cycle_hours"], security["complaints_within_24h_rate"]) == (30.0, 0.0)
    total = body["total"]
    assert (total["received"], total["closed"], total["callback_pass_rate"], total["complaint_rate"]) == (
        6,
        3,
        0.75,
        0.3333,
    )
    assert total["counts"]["verdicts"] == 4 and total["counts"]["passed"] == 3
    for row in [*body["rows"], total]:
        for name in ("on_time_rate", "satisfaction_rate", "callback_pass_rate", "complaint_processing_rate"):
            assert row[name] is None or 0 <= row[name] <= 1


@pytest.mark.parametrize(
    "by, keys",
    [
        ("staff", {"agent"}),
        ("category", {"repair", "complaint"}),
        ("channel", {"phone"}),
        ("community", set()),  # keys are ids: their labels are the names
        ("area", set()),
    ],
)
def test_every_grouping_adds_up_to_the_same_total(month, by, keys):
    body = ApiClient(month.supervisor).get("/api/v1/reports/kpi", {**NOVEMBER, "by": by}).json()
    assert {r["key"] for r in body["rows"]} >= keys
    assert all(r["label"] for r in body["rows"])
    assert sum(r["received"] for r in body["rows"]) == body["total"]["received"] == 6
    assert body["total"]["callback_pass_rate"] == 0.75


def test_the_spreadsheet_has_the_same_numbers(month):
    api = ApiClient(month.manager)
    body = api.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department"}).json()
    response = api.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    header = lines[1]
    assert header[:4] == ("部门", "编码", "受理量", "办结量")
    by_key = {line[1]: dict(zip(header, line, strict=True)) for line in lines[2:]}
    for row in body["rows"]:
        cells = by_key[row["key"]]
        assert (cells["受理量"], cells["回访合格率"], cells["投诉处理率"]) == (
            row["received"],
            row["callback_pass_rate"],
            row["complaint_processing_rate"],
        )
    total = next(dict(zip(header, line, strict=True)) for line in lines[2:] if line[0] == "合计")
    assert (total["受理量"], total["满意率"], total["投诉率"]) == (6, 0.5, 0.3333)


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"from": "2026-11-30", "to": "2026-11-01"}, "to", "早于"),
        ({**NOVEMBER, "by": "weather"}, "by", "分组"),
        ({"from": "2020-01-01", "to": "2026-11-30"}, "to", "5 年"),
        ({"from": "yesterday"}, "from", "日期"),
        ({**NOVEMBER, "format": "pdf"}, "format", "格式"),
        ({**NOVEMBER, "form": "x"}, "form", "字段"),
        ({**NOVEMBER, "department": "nowhere"}, "department", "部门"),
    ],
)
def test_bad_input_is_refused_in_chinese(month, params, field, words):
    refused = ApiClient(month.manager).get("/api/v1/reports/kpi", params)
    assert refused.status_code == 400, refused.content
    error = error_of(refused)
    assert field in error.get("fields", {}), error
    assert words in error["message"] + "".join(error["fields"].values()), error
    assert CHINESE.search(error["message"])


def test_field_staff_see_their_own_department_only(month):
    engineer = ApiClient(month.engineer)
    body = engineer.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department"}).json()
    assert [r["key"] for r in body["rows"]] == ["eng"] and body["total"]["received"] == 4
    assert body["total"]["callback_completion_rate"] is None  # the leads' own figure
    by_staff = engineer.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "category"}).json()
    assert by_staff["total"]["complaint_rate"] == 0.0
    assert engineer.get("/api/v1/reports/kpi", {**NOVEMBER, "department": "security"}).status_code == 403
    assert engineer.get("/api/v1/reports/kpi", {**NOVEMBER, "department": "eng"}).status_code == 200
    assert ApiClient(month.agent).get("/api/v1/reports/kpi", NOVEMBER).status_code == 403
    leads = ApiClient(month.manager).get("/api/v1/reports/kpi", {**NOVEMBER, "department": "security"}).json()
    assert [r["key"] for r in leads["rows"]] == ["security"]


def test_the_trend_gives_a_point_per_month(month):
    body = ApiClient(month.manager).get("/api/v1/reports/trend", {"from": "2025-11-01", "to": "2026-11-30"}).json()
    assert body["unit"] == "month"
    assert [(p["key"], p["received"]) for p in body["points"]] == [
        ("2025-11-01", 1),
        ("2026-10-01", 1),
        ("2026-11-01", 6),
    ]
    refused = ApiClient(month.manager).get("/api/v1/reports/trend", {"unit": "fortnight"})
    assert refused.status_code == 400


def test_rows_come_in_the_order_the_screens_use_not_by_code_point(month):
    """A vocabulary as intake offers it (报修 before 投诉), staff by work number: Chinese labels
    sorted by code point (投诉 U+6295 before 报修 U+62A5) come out in no order a reader knows."""
    client = ApiClient(month.supervisor)
    categories = [r["key"] for r in client.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "category"}).json()["rows"]]
    assert categories.index("repair") < categories.index("complaint")
    staff = client.get("/api/v1/reports/kpi", {**NOVEMBER, "by": "staff"}).json()["rows"]
    numbers = [r["label"].split()[-1] for r in staff if r["key"]]
    assert numbers == sorted(numbers) and len(numbers) >= 1
