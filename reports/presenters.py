"""Figures as the screens show them: a rate as a percentage, hours and scores with their
decimals, money in yuan to the fen, nothing measured as "—"; each beside the previous period (环比) and a year before (同比)."""

from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reports.kpis import Kpi


def shown(kpi: Kpi, value) -> str:
    if value is None:
        return "—"
    if kpi.kind == "rate":
        return f"{value * 100:.2f}%".replace(".00%", "%")
    if kpi.kind == "hours":
        return _("%(hours)s h") % {"hours": f"{value:.1f}"}
    if kpi.kind == "score":
        return f"{value:.2f}"
    if kpi.kind == "money":
        return f"¥{value:,.2f}"
    return str(value)


def change(kpi: Kpi, now, then) -> str:
    """The difference: points for a rate (+1.5 个百分点 is written +1.5pt), plain for the rest."""
    if now is None or then is None:
        return ""
    if kpi.kind == "rate":
        return f"{(now - then) * 100:+.1f}pt"
    if kpi.kind == "count":
        return f"{now - then:+d}"
    if kpi.kind == "money":
        return f"{now - then:+,.2f}"
    return f"{now - then:+.1f}"


@dataclass
class Cell:
    kpi: Kpi
    value: object
    text: str
    previous: str = ""
    previous_change: str = ""
    year: str = ""
    year_change: str = ""
    meets: bool | None = None
    drill_url: str = ""


def cells(kpis, row, previous=None, year=None, *, drill_base: str = "", drill_query: dict | None = None) -> list[Cell]:
    out = []
    for kpi in kpis:
        value = row.value(kpi.code)
        cell = Cell(kpi, value, shown(kpi, value), meets=kpi.meets(value))
        if previous is not None:
            then = previous.value(kpi.code)
            cell.previous, cell.previous_change = shown(kpi, then), change(kpi, value, then)
        if year is not None:
            then = year.value(kpi.code)
            cell.year, cell.year_change = shown(kpi, then), change(kpi, value, then)
        if drill_base and kpi.drill:
            cell.drill_url = f"{drill_base}?{urlencode({**(drill_query or {}), 'figure': kpi.drill[1]})}"
        out.append(cell)
    return out
