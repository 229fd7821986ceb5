"""Charges in the reports (J3, issue 15.4): revenue of the paid items and the number of free items
of the tickets received in the period, by every grouping, in the API, the spreadsheet, the report
screen with its drill-down, the dashboard and the daily figures. Money stays a Decimal."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db.models import Sum
from django.urls import reverse

from kefu.apitest import ApiClient
from knowledge.models import Charge, ServiceItem
from reports import rollup
from reports.figures import table
from reports.groupings import GROUPINGS
from reports.models import DailyFigures, DailyTotals
from reports.periods import Period
from reports.tests.conftest import NOVEMBER, SHANGHAI
from tickets.models import Ticket

NOVEMBER_PERIOD = Period(date(2026, 11, 1), date(2026, 11, 30))


def _charge(ticket, item, quantity, by):
    quantity = Decimal(quantity)
    return Charge.objects.create(
        ticket=ticket,
        item=item,
        code=item.code,
        name=item.name,
        paid=item.paid,
        unit=item.unit,
        unit_price=item.price,
        quantity=quantity,
        amount=(item.price * quantity).quantize(Decimal("0.01")),
        work_date=date(2026, 11, 10),
        recorded_by=by,
    )


@pytest.fixture
def charged(month):
    """November: one repair with a battery (¥12.00) and 1.5 m of pipe (¥38.25), another repair
    with a free inspection, the resolved complaint with a free inspection of quantity 2 (one
    line); October's consultation with a battery, outside November."""
    battery = ServiceItem.objects.create(
        code="battery", name="更换燃气表电池", price=Decimal("12.00"), unit="次", effective_from=date(2025, 1, 1)
    )
    pipe = ServiceItem.objects.create(
        code="pipe", name="更换水管", price=Decimal("25.50"), unit="米", effective_from=date(2025, 1, 1)
    )
    inspect = ServiceItem.objects.create(
        code="inspect", name="入户安全检查", paid=False, price=Decimal("0"), unit="次", effective_from=date(2025, 1, 1)
    )
    first, second = Ticket.objects.filter(department=month.eng).order_by("id")[:2]
    _charge(first, battery, "1", month.engineer)
    _charge(first, pipe, "1.5", month.engineer)
    _charge(second, inspect, "1", month.engineer)
    complaint = Ticket.objects.get(department=month.security, resolved_at__isnull=False)
    _charge(complaint, inspect, "2", month.guard)
    october = Ticket.objects.get(category="consultation")
    _charge(october, battery, "1", month.agent)
    month.first, month.second, month.complaint = first, second, complaint
    return month


def test_revenue_and_free_items_per_department_as_decimal_strings(charged):
    body = ApiClient(charged.manager).get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department"}).json()
    figures = {r["key"]: (r["paid_revenue"], r["free_items"]) for r in body["rows"]}
    assert figures == {"eng": ("50.25", 1), "security": ("0.00", 1)}
    total = body["total"]
    assert (total["paid_revenue"], total["free_items"]) == ("50.25", 2)
    assert total["counts"]["paid_revenue"] == "50.25" and total["counts"]["free_items"] == 2
    # the other figures are untouched by the charges joined in (no ticket counted twice)
    assert (total["received"], total["closed"], total["callback_pass_rate"]) == (6, 3, 0.75)


@pytest.mark.parametrize("by", ["staff", "category", "channel", "community", "area"])
def test_every_grouping_adds_up_to_the_same_charges(charged, by):
    body = ApiClient(charged.supervisor).get("/api/v1/reports/kpi", {**NOVEMBER, "by": by}).json()
    assert sum(Decimal(r["paid_revenue"]) for r in body["rows"]) == Decimal("50.25")
    assert sum(r["free_items"] for r in body["rows"]) == body["total"]["free_items"] == 2
    if by == "category":
        assert {r["key"]: (r["paid_revenue"], r["free_items"]) for r in body["rows"]} == {
            "repair": ("50.25", 1),
            "complaint": ("0.00", 1),
        }


def test_a_department_sees_its_own_charges_only(charged):
    body = ApiClient(charged.engineer).get("/api/v1/reports/kpi", {**NOVEMBER, "by": "category"}).json()
    assert (body["total"]["paid_revenue"], body["total"]["free_items"]) == ("50.25", 1)


def test_the_trend_carries_the_charges_per_month(charged):
    body = ApiClient(charged.manager).get("/api/v1/reports/trend", {"from": "2025-11-01", "to": "2026-11-30"}).json()
    assert {p["key"]: (p["paid_revenue"], p["free_items"]) for p in body["points"]} == {
        "2025-11-01": ("0.00", 0),
        "2026-10-01": ("12.00", 0),
        "2026-11-01": ("50.25", 2),
    }


def test_the_spreadsheet_has_the_same_money(charged):
    response = ApiClient(charged.manager).get("/api/v1/reports/kpi", {**NOVEMBER, "by": "department", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    header = lines[1]
    by_key = {line[1]: dict(zip(header, line, strict=True)) for line in lines[2:]}
    assert (by_key["eng"]["有偿服务收入"], by_key["eng"]["无偿服务项次"]) == (50.25, 1)
    total = next(dict(zip(header, line, strict=True)) for line in lines[2:] if line[0] == "合计")
    assert (total["有偿服务收入"], total["无偿服务项次"]) == (50.25, 2)
    column = header.index("有偿服务收入")
    assert sheet.cell(row=3, column=column + 1).number_format == "#,##0.00"
    definitions = {line[1]: line[2] for line in book["指标定义"].iter_rows(values_only=True)}
    assert "有偿服务项目金额之和" in definitions["paid_revenue"]


def test_the_report_screen_shows_the_money_and_drills_to_the_tickets(client, charged):
    client.force_login(charged.manager)
    html = client.get(reverse("report-kpi"), {**NOVEMBER, "by": "department"}).content.decode()
    eng = re.search(r'<tr data-row="eng">.*?</tr>', html, re.S).group(0)
    assert re.search(r'data-kpi="paid_revenue" data-value="50.25">\s*<a [^>]*>¥50.25</a>', eng)
    total = re.search(r'<tr data-row="total">.*?</tr>', html, re.S).group(0)
    # October's ¥12.00 is the period before (环比); a year before had none (同比)
    assert "环比 ¥12.00 (+38.25)" in total and "同比 ¥0.00 (+50.25)" in total
    link = "drill/?from=2026-11-01&amp;to=2026-11-30&amp;by=department&amp;key=eng&amp;figure=paid_charges"
    assert link in html

    drill = reverse("report-drill")
    paid = client.get(drill, {**NOVEMBER, "by": "department", "key": "eng", "figure": "paid_charges"})
    assert re.findall(r'class="mono" href="/tickets/(GD[^/"]+)', paid.content.decode()) == [charged.first.number]
    free = client.get(drill, {**NOVEMBER, "figure": "free_charges"}).content.decode()
    numbers = set(re.findall(r'class="mono" href="/tickets/(GD[^/"]+)', free))
    assert numbers == {charged.second.number, charged.complaint.number}
    sheet = client.get(drill, {**NOVEMBER, "figure": "free_charges", "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).worksheets[0].values)
    assert len(rows) == 2 + 2


def test_the_dashboard_and_the_daily_figures_show_the_same_charges(client, charged):
    november = NOVEMBER_PERIOD.bounds()
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        client.force_login(charged.manager)
        live_page = client.get("/reports/", NOVEMBER).content.decode()
        live = {code: table(*november, by)[1].counts for code, by in GROUPINGS.items()}
        rollup.refresh(force=True)
        assert DailyFigures.objects.aggregate(total=Sum("paid_revenue"))["total"] == Decimal("62.25")  # with October
        assert DailyTotals.objects.aggregate(total=Sum("free_items"))["total"] == 2
        # Read from the daily figures now: charges taken back since are not seen until the next rebuild.
        Charge.objects.all().delete()
        rolled = {code: table(*november, by)[1].counts for code, by in GROUPINGS.items()}
        assert rolled == live
        assert table(*november, GROUPINGS["department"])[1].value("paid_revenue") == Decimal("50.25")
        security = table(*november, GROUPINGS["category"], department=charged.security.pk)[1]
        assert security.value("free_items") == 1
        rolled_page = client.get("/reports/", NOVEMBER).content.decode()
    for html in (live_page, rolled_page):
        tile = re.search(r'data-kpi="paid_revenue">.*?</div>', html, re.S).group(0)
        assert "¥50.25" in tile and "环比 ¥12.00" in tile
    assert "每月有偿服务收入（元）" in live_page
