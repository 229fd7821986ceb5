"""The KPI catalogue (K1): one module per family, each KPI defined once. Screens, the API, the
spreadsheets and the delivered reports all read figures from here (reports.figures)."""

from reports.kpis import charges, complaints, satisfaction, timeliness, volume
from reports.kpis.base import EVERYONE, LEADS, SOURCES, Count, Kpi, add_counts

FAMILIES = (volume, timeliness, satisfaction, complaints, charges)
COUNTS: dict[str, Count] = {c.name: c for family in FAMILIES for c in family.COUNTS}
KPIS: dict[str, Kpi] = {k.code: k for family in FAMILIES for k in family.KPIS}

# The columns of `GET reports/kpi` (API.md), in its order; the others follow in the screens.
API_KPIS = (
    "received",
    "closed",
    "on_time_rate",
    "satisfaction_rate",
    "complaint_rate",
    "callback_pass_rate",
    "complaint_processing_rate",
)

__all__ = ["API_KPIS", "COUNTS", "EVERYONE", "FAMILIES", "KPIS", "LEADS", "SOURCES", "Count", "Kpi", "add_counts"]
