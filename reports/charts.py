"""Chart specifications for static/reports/charts.js: plain data (categories, series, target
lines), handed to the page in a data attribute (no inline script: the CSP forbids it) and shown
again as an accessible table under each chart."""

from django.utils.translation import gettext as _

from reports.kpis import KPIS
from reports.presenters import shown


def chart(title: str, categories: list[str], series: list[dict], *, percent: bool = False, targets=()) -> dict:
    """series: [{"name", "type": "bar"|"line", "data": [...], "code": kpi code}]; targets:
    [{"name", "value"}] drawn as horizontal lines."""
    return {"title": title, "categories": categories, "series": series, "percent": percent, "targets": list(targets)}


def kpi_series(rows, code: str, kind: str = "line") -> dict:
    kpi = KPIS[code]
    # Money is a Decimal: the chart's JSON takes it as a number.
    data = [float(v) if kpi.kind == "money" and v is not None else v for v in (row.value(code) for row in rows)]
    return {"name": str(kpi.title), "type": kind, "code": code, "data": data}


def targets_for(codes) -> list[dict]:
    out = []
    for code in codes:
        kpi = KPIS[code]
        if kpi.target and kpi.kind == "rate":
            out.append({"name": _("Target: %(kpi)s") % {"kpi": kpi.title}, "value": kpi.target[1]})
    return out


def table_of(spec: dict) -> dict:
    """The chart's numbers as rows for the table under it."""
    headers = [s["name"] for s in spec["series"]]
    rows = []
    for n, category in enumerate(spec["categories"]):
        values = []
        for s in spec["series"]:
            value = s["data"][n]
            values.append(shown(KPIS[s["code"]], value) if s.get("code") else value)
        rows.append((category, values))
    return {"headers": headers, "rows": rows}
