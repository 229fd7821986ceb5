"""The report screens: the KPI table beside 环比/同比 with links to the items behind each figure,
the dashboards with their charts (data in attributes, tables under them), and the numbers on the
screen equal to those of the spreadsheet."""

import io
import json
import re

import openpyxl
from django.urls import reverse

from reports.tests.conftest import NOVEMBER


def _cell(html: str, row: str, kpi: str) -> str:
    match = re.search(rf'<tr data-row="{row}">.*?data-kpi="{kpi}"[^>]*data-value="([^"]+)"', html, re.S)
    return match.group(1) if match else ""


def test_the_kpi_screen_shows_the_figures_beside_the_previous_period_and_a_year_before(client, month):
    client.force_login(month.manager)
    response = client.get(reverse("report-kpi"), {**NOVEMBER, "by": "department"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _cell(html, "eng", "received") == "4"
    assert _cell(html, "eng", "callback_pass_rate") == "0.6667"
    assert _cell(html, "security", "complaint_processing_rate") == "0.5"
    assert _cell(html, "total", "received") == "6"
    # the whole period before (October: one consultation never dispatched) and a year before
    total = re.search(r'<tr data-row="total">.*?</tr>', html, re.S).group(0)
    assert "环比 1 (+5)" in total and "同比 1 (+5)" in total
    assert "drill/?from=2026-11-01&amp;to=2026-11-30&amp;by=department&amp;key=eng&amp;figure=failed" in html


def test_screen_and_spreadsheet_show_the_same_numbers(client, month):
    client.force_login(month.manager)
    html = client.get(reverse("report-kpi"), {**NOVEMBER, "by": "category"}).content.decode()
    response = client.get(reverse("report-kpi"), {**NOVEMBER, "by": "category", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert book.sheetnames == ["指标", "上期（环比）", "去年同期（同比）", "指标定义"]
    lines = list(book["指标"].iter_rows(values_only=True))
    header = lines[1]
    codes = re.findall(r'<tr data-row="repair">(.*?)</tr>', html, re.S)[0]
    on_screen = dict(re.findall(r'data-kpi="([a-z_0-9]+)"[^>]*data-value="([^"]+)"', codes))
    in_sheet = dict(zip(header, next(line for line in lines if line[1] == "repair"), strict=True))
    assert on_screen["received"] == str(in_sheet["受理量"]) == "4"
    assert on_screen["callback_pass_rate"] == str(in_sheet["回访合格率"]) == "0.6667"
    assert on_screen["satisfaction_rate"] == str(in_sheet["满意率"]) == "0.3333"


def test_a_figure_drills_down_to_the_items_it_counts(client, month):
    client.force_login(month.manager)
    base = {**NOVEMBER, "by": "department"}
    page = client.get(reverse("report-drill"), {**base, "key": "eng", "figure": "received"}).content.decode()
    assert page.count('class="mono" href="/tickets/GD') == 4
    failed = client.get(reverse("report-drill"), {**base, "key": "eng", "figure": "failed"}).content.decode()
    assert "不满意" in failed and failed.count('class="mono" href="/tickets/GD') == 1
    open_complaints = client.get(reverse("report-drill"), {**base, "key": "security", "figure": "complaints_open"})
    assert open_complaints.content.decode().count('class="mono" href="/tickets/GD') == 1
    whole = client.get(reverse("report-drill"), {**NOVEMBER, "figure": "complaints"}).content.decode()
    assert whole.count('class="mono" href="/tickets/GD') == 2
    sheet = client.get(reverse("report-drill"), {**base, "key": "eng", "figure": "received", "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).worksheets[0].values)
    assert len(rows) == 2 + 4
    assert client.get(reverse("report-drill"), {**base, "figure": "weather"}).status_code == 400


def test_the_managers_dashboard_draws_trends_breakdowns_and_targets(client, month):
    client.force_login(month.manager)
    html = client.get(reverse("report-dashboard"), NOVEMBER).content.decode()
    specs = [json.loads(s.replace("&quot;", '"')) for s in re.findall(r'data-chart="([^"]+)"', html)]
    assert [s["title"] for s in specs] == ["每月工单量", "每月指标及制度目标线", "每月有偿服务收入（元）", "按部门"]
    targets = {t["name"]: t["value"] for t in specs[1]["targets"]}
    assert targets == {"目标：回访合格率": 0.98, "目标：24 小时投诉处理率": 1.0}
    assert specs[3]["categories"] == ["工程部", "秩序维护部"]
    assert html.count("<table") == 4  # a table under every chart
    assert "vendor/echarts/echarts.min." in html and "vendor/echarts/langZH." in html and "reports/charts." in html
    assert "<script>" not in html  # no inline script


def test_a_department_head_gets_their_own_department(client, month):
    client.force_login(month.engineer)
    html = client.get(reverse("report-dashboard"), NOVEMBER).content.decode()
    assert "看板：工程部" in html
    assert 'data-kpi="received"' in html
    breakdown = json.loads(re.findall(r'data-chart="([^"]+)"', html)[-1].replace("&quot;", '"'))
    assert breakdown["categories"] == ["报修"]
    assert client.get(reverse("report-kpi"), {**NOVEMBER, "department": "security"}).status_code == 403
    client.force_login(month.agent)
    assert client.get(reverse("report-dashboard")).status_code == 403


def test_bad_periods_are_refused_on_the_screens_too(client, month):
    client.force_login(month.manager)
    response = client.get(reverse("report-kpi"), {"from": "2026-11-30", "to": "2026-11-01"})
    assert response.status_code == 400 and "结束日期早于开始日期" in response.content.decode()
    assert client.get(reverse("report-kpi"), {"by": "weather"}).status_code == 400
    assert client.get(reverse("report-dashboard"), {"from": "2018-01-01", "to": "2026-11-30"}).status_code == 400
    assert client.get(reverse("report-kpi"), {"period": "month", "on": "2026-11-05"}).status_code == 200
    assert client.get(reverse("report-kpi"), {"period": "fortnight"}).status_code == 400
