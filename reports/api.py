"""Reports API: `GET reports/kpi` (API.md) and the trend the charts draw. One selector each."""

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from core.errors import InvalidInput
from reports.access import scope_for
from reports.groupings import UNITS
from reports.periods import parse_period
from reports.schemas import KpiQuery, KpiReportOut, TrendOut, TrendQuery
from reports.selectors import grouping, kpi_report, trend
from reports.spreadsheets import report_sheets, xlsx_response

router = Router()


def _only_known(request: HttpRequest, model) -> None:
    """A misspelt parameter (`?form=`) is refused, not ignored: `from` is a field's alias."""
    known = {field.alias or name for name, field in model.model_fields.items()}
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise InvalidInput(
            _("Please correct the marked fields."), fields={name[:50]: _("Unknown field.") for name in unknown}
        )


def row_out(row, kpis) -> dict:
    """A row's figures for the API: every KPI, null where not measured or not for this reader."""
    visible = {k.code for k in kpis}
    counts = {name: _number(v) for name, v in row.counts.items()}
    out = {"key": row.key, "label": row.label, "counts": counts}
    out.update({code: _money(value) if code in visible else None for code, value in row.figures.items()})
    return out


def _money(value):
    """Money stays exact: a Decimal leaves as a decimal string ('95.25'), as the charges do."""
    return str(value.quantize(Decimal("0.01"))) if isinstance(value, Decimal) else value


def _number(value):
    if isinstance(value, Decimal):
        return _money(value)
    return int(value) if float(value).is_integer() else value


@router.get(
    "/kpi", response=KpiReportOut, by_alias=True, summary="KPIs by period and grouping (definitions: docs/reports.md)"
)
def kpi(request: HttpRequest, filters: Query[KpiQuery]):
    _only_known(request, KpiQuery)
    department = scope_for(request.auth, filters.department)
    if filters.format not in ("json", "xlsx"):
        raise InvalidInput(_("Unknown format: use json or xlsx."), fields={"format": _("Not an allowed value.")})
    period = parse_period(filters.from_, filters.to)
    report = kpi_report(period, grouping(filters.by), department=department)
    if filters.format == "xlsx":
        name = f"kpi-{filters.by}-{period.first.isoformat()}-{period.last.isoformat()}.xlsx"
        return xlsx_response(name, report_sheets(report))
    return {
        "from": period.first,
        "to": period.last,
        "by": report.by.code,
        "rows": [row_out(r, report.kpis) for r in report.rows],
        "total": row_out(report.total, report.kpis),
    }


@router.get("/trend", response=TrendOut, by_alias=True, summary="KPIs per day, week, month, quarter or year")
def kpi_trend(request: HttpRequest, filters: Query[TrendQuery]):
    _only_known(request, TrendQuery)
    department = scope_for(request.auth, filters.department)
    if filters.unit and filters.unit not in UNITS:
        raise InvalidInput(
            _("Unknown step: use day, week, month, quarter or year."), fields={"unit": _("Not an allowed value.")}
        )
    period = parse_period(filters.from_, filters.to)
    unit = filters.unit or period.unit()
    points = trend(period, unit, department=department)
    return {
        "from": period.first,
        "to": period.last,
        "unit": unit,
        "points": [{code: _money(v) for code, v in row.figures.items()} | {"key": row.key} for row in points],
    }
