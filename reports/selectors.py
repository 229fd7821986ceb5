"""The reports as the screens, the API, the spreadsheets and the subscriptions read them. Reads only."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput
from reports.figures import Row, series, table, visible_kpis
from reports.groupings import GROUPINGS, Grouping
from reports.kpis import Kpi
from reports.periods import Period


def grouping(code: str | None) -> Grouping:
    try:
        return GROUPINGS[code or "department"]
    except KeyError:
        choices = "、".join(GROUPINGS)
        raise InvalidInput(
            _("Unknown grouping: choose one of %(choices)s.") % {"choices": choices},
            fields={"by": _("Not an allowed value.")},
        ) from None


@dataclass
class Report:
    period: Period
    by: Grouping
    department: int | None
    kpis: list[Kpi]
    rows: list[Row]
    total: Row
    # 环比 and 同比: the same grouping over the previous period and a year before, by row key.
    previous: Period | None = None
    year_before: Period | None = None
    previous_rows: dict | None = None
    previous_total: Row | None = None
    year_rows: dict | None = None
    year_total: Row | None = None


def kpi_report(period: Period, by: Grouping, *, department: int | None = None, compare: bool = False) -> Report:
    """One grouping over a period; with `compare` also over the previous period and a year before."""
    rows, total = table(*period.bounds(), by, department=department)
    report = Report(period, by, department, visible_kpis(department), rows, total)
    if compare:
        report.previous, report.year_before = period.previous(), period.year_before()
        before, report.previous_total = table(*report.previous.bounds(), by, department=department)
        ago, report.year_total = table(*report.year_before.bounds(), by, department=department)
        report.previous_rows = {r.key: r for r in before}
        report.year_rows = {r.key: r for r in ago}
    return report


def trend(period: Period, unit: str | None = None, *, department: int | None = None) -> list[Row]:
    return series(*period.bounds(), unit or period.unit(), department=department)
