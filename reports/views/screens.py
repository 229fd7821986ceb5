"""The KPI report screen and the dashboards (K1, K2): thin views over reports.selectors."""

import json
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Department
from core.web import handles_domain_errors, render_screen
from reports.access import scope_for
from reports.charts import chart, kpi_series, table_of, targets_for
from reports.figures import table, total_of
from reports.groupings import GROUPINGS
from reports.kpis import KPIS
from reports.periods import Period, months_back
from reports.presenters import cells
from reports.selectors import grouping, kpi_report, trend
from reports.spreadsheets import report_sheets, xlsx_response
from reports.views.common import period_of, presets

# The dashboard's tiles and lines: the handbooks' headline figures.
HEADLINE = (
    "received",
    "on_time_rate",
    "satisfaction_rate",
    "callback_pass_rate",
    "repair_quality_pass_rate",
    "complaint_rate",
    "complaint_processing_rate",
    "complaints_within_24h_rate",
    "complaint_cycle_hours",
    "paid_revenue",
    "free_items",
)
TREND_RATES = ("on_time_rate", "callback_pass_rate", "satisfaction_rate", "complaints_within_24h_rate")


def _query(period: Period, by: str, department_code: str) -> dict:
    query = {"from": period.first.isoformat(), "to": period.last.isoformat(), "by": by}
    if department_code:
        query["department"] = department_code
    return query


def _department_code(department: int | None) -> str:
    if department is None:
        return ""
    return Department.objects.filter(pk=department).values_list("code", flat=True).first() or ""


def _charted(spec: dict) -> dict:
    return {"spec": spec, "json": json.dumps(spec, ensure_ascii=False), "table": table_of(spec)}


@require_GET
@handles_domain_errors
def kpi_screen(request: HttpRequest) -> HttpResponse:
    """Every KPI by a grouping over a period, each beside 环比 and 同比, each a link to its items."""
    department = scope_for(request.user, request.GET.get("department", ""))
    period, by = period_of(request), grouping(request.GET.get("by"))
    report = kpi_report(period, by, department=department, compare=True)
    code = _department_code(department) if request.GET.get("department") else ""
    if request.GET.get("format") == "xlsx":
        name = f"kpi-{by.code}-{period.first.isoformat()}-{period.last.isoformat()}.xlsx"
        return xlsx_response(name, report_sheets(report))
    query = _query(period, by.code, code)
    drill = reverse("report-drill")
    rows = [
        (
            row,
            cells(
                report.kpis,
                row,
                report.previous_rows.get(row.key),
                report.year_rows.get(row.key),
                drill_base=drill,
                drill_query={**query, "key": row.key},
            ),
        )
        for row in report.rows
    ]
    total = cells(
        report.kpis, report.total, report.previous_total, report.year_total, drill_base=drill, drill_query=query
    )
    breakdown = chart(
        _("By %(grouping)s") % {"grouping": by.title},
        [r.label for r in report.rows],
        [kpi_series(report.rows, "received", "bar"), kpi_series(report.rows, "callback_pass_rate")],
        targets=targets_for(["callback_pass_rate"]),
    )
    context = {
        "report": report,
        "rows": rows,
        "total": total,
        "query": query,
        "presets": presets(),
        "groupings": GROUPINGS.values(),
        "departments": Department.objects.filter(is_active=True) if department is None or code else [],
        "department_code": code,
        "breakdown": _charted(breakdown),
        "xlsx_query": {**query, "format": "xlsx"},
    }
    return render_screen(request, "reports/kpi.html", context, partial="results")


@require_GET
@handles_domain_errors
def dashboard(request: HttpRequest) -> HttpResponse:
    """The manager's dashboard, or a department head's (field staff: always their own department;
    the leads choose one with ?department=code)."""
    department = scope_for(request.user, request.GET.get("department", ""))
    code = _department_code(department)
    period = period_of(request)
    by = GROUPINGS["department" if department is None else "category"]
    report = kpi_report(period, by, department=department)
    drill = reverse("report-drill")
    query = _query(period, by.code, code)
    kpis = {k.code for k in report.kpis}
    before, year_ago = period.previous(), period.year_before()
    previous_total = table(*before.bounds(), by, department=department)[1]
    year_total = table(*year_ago.bounds(), by, department=department)[1]
    tiles = cells(
        [KPIS[c] for c in HEADLINE if c in kpis],
        report.total,
        previous_total,
        year_total,
        drill_base=drill,
        drill_query=query,
    )
    months, points = _trend(period, report, department)
    volume = chart(
        _("Tickets per month"), months, [kpi_series(points, "received", "bar"), kpi_series(points, "closed", "bar")]
    )
    rates = chart(
        _("Rates per month, with the handbooks' targets"),
        months,
        [kpi_series(points, c) for c in TREND_RATES],
        percent=True,
        targets=targets_for(["callback_pass_rate", "complaints_within_24h_rate"]),
    )
    breakdown = chart(
        _("By %(grouping)s") % {"grouping": by.title},
        [r.label for r in report.rows],
        [
            kpi_series(report.rows, "received", "bar"),
            kpi_series(report.rows, "complaint_rate"),
            kpi_series(report.rows, "callback_pass_rate"),
        ],
        targets=targets_for(["callback_pass_rate"]),
    )
    charges = chart(
        _("Paid service revenue per month (yuan)"),
        months,
        [kpi_series(points, "paid_revenue", "bar")],
    )
    context = {
        "report": report,
        "tiles": tiles,
        "charts": [_charted(volume), _charted(rates), _charted(charges), _charted(breakdown)],
        "query": query,
        "presets": presets(),
        "department_code": code,
        "department_name": Department.objects.filter(pk=department).values_list("name", flat=True).first() or "",
        "departments": Department.objects.filter(is_active=True) if report_all(request) else [],
    }
    return render_screen(request, "reports/dashboard.html", context)


def _trend(period: Period, report, department: int | None) -> tuple[list[str], list]:
    """The twelve months up to the period's end: the whole months before its last month, then that
    last month up to the period's end (the period's own total when the period starts on that
    month's first day)."""
    this_month = Period(period.last.replace(day=1), period.last)
    past = Period(months_back(period.last, 11), this_month.first - timedelta(days=1))
    found = {p.key[:7]: p for p in trend(past, "month", department=department)}
    if period.first == this_month.first:
        found[this_month.first.isoformat()[:7]] = report.total
    else:
        found.update({p.key[:7]: p for p in trend(this_month, "month", department=department)})
    months = [months_back(period.last, n).isoformat()[:7] for n in range(11, -1, -1)]
    # A month without tickets is a point of its own: zero received, rates not measured.
    return months, [found.get(m) or total_of([]) for m in months]


def report_all(request: HttpRequest) -> bool:
    return scope_for(request.user) is None
