"""The groupings of K2: by department, staff member, category, channel, community and area, and
by time (day, week, month, quarter, year) for the trends. Each names the column it groups by on
each source (reports.kpis.base.SOURCES) and how a grouped value is shown."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import DateField, F, Q
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Staff
from customers.models import Area, Community
from reports.sources import MOMENT
from tickets.vocabulary import Category, Channel

NOTHING = "—"


# Each grouping's labels: {value: (key, label, order)}. The order is the one the rest of kefu
# lists them in (staff by work number, a vocabulary as the screens offer it), not the label's:
# Chinese names sorted by code point come out in no order a reader knows.
def _departments(ids):
    rows = Department.objects.filter(pk__in=ids).values_list("pk", "code", "name")
    return {pk: (code, name, code) for pk, code, name in rows}


def _staff(ids):
    rows = Staff.objects.filter(pk__in=ids).values_list("pk", "username", "name", "work_number")
    return {pk: (username, f"{name or username} {number}".strip(), number) for pk, username, name, number in rows}


def _vocabulary(choices):
    def labels(ids):
        order = {value: n for n, value in enumerate(choices.values)}
        return {value: (value, str(choices(value).label), order[value]) for value in ids if value in order}

    return labels


def _named(model):
    def labels(ids):
        return {pk: (str(pk), name, name) for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name")}

    return labels


@dataclass(frozen=True)
class Grouping:
    code: str
    title: Promise
    tickets: str  # the column on Ticket
    callbacks: str  # the column on Callback
    labels: Callable[[list], dict]
    empty: Promise  # the label of the tickets without a value (not dispatched, no premises ...)
    # How a row's key (code, username, value, id) is matched again on each source: the drill-down.
    key_on_tickets: str = ""
    key_on_callbacks: str = ""
    # Its column on the daily figures (reports.models.DailyFigures, reports.rollup).
    cube: str = ""

    def matching(self, source: str, key: str) -> Q:
        """The items of the row with `key` ("" is the row of items without a value)."""
        if source == "callbacks":
            column, lookup = self.callbacks, self.key_on_callbacks or self.callbacks
        else:
            column, lookup = self.tickets, self.key_on_tickets or self.tickets
        if not key:
            return Q(**{f"{column}__isnull": True})
        if lookup.endswith("_id") and not key.isdigit():
            return Q(pk__in=[])
        return Q(**{lookup: key})

    def column(self, source: str):
        if source == "tickets":
            return F(self.tickets)
        if source == "charges":  # a charge is grouped as its ticket is
            return F(f"ticket__{self.tickets}")
        return F(self.callbacks)

    def cube_column(self):
        return F(self.cube)

    @property
    def on_totals(self) -> bool:
        """Read from the day's totals per department (reports.models.DailyTotals), not the cells."""
        return self.cube == "department_id"


GROUPINGS: dict[str, Grouping] = {
    g.code: g
    for g in (
        Grouping(
            "department",
            _("Department"),
            "department_id",
            "department_id",
            _departments,
            _("Not dispatched"),
            "department__code",
            "department__code",
            cube="department_id",
        ),
        # A ticket's first-contact owner (首问负责人); a callback's verdict is about who did the work.
        Grouping(
            "staff",
            _("Staff member"),
            "owner_id",
            "resolved_by_id",
            _staff,
            _("Nobody"),
            "owner__username",
            "resolved_by__username",
            cube="staff_id",
        ),
        Grouping(
            "category",
            _("Category"),
            "category",
            "ticket__category",
            _vocabulary(Category),
            _("No ticket"),
            cube="category",
        ),
        Grouping(
            "channel", _("Channel"), "channel", "ticket__channel", _vocabulary(Channel), _("No ticket"), cube="channel"
        ),
        Grouping(
            "community",
            _("Community"),
            "premises__community_id",
            "ticket__premises__community_id",
            _named(Community),
            _("No premises"),
            cube="community_id",
        ),
        Grouping(
            "area",
            _("Area"),
            "premises__community__area_id",
            "ticket__premises__community__area_id",
            _named(Area),
            _("No area"),
            cube="community__area_id",
        ),
    )
}

UNITS = {
    "day": _("Day"),
    "week": _("Week"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
}


@dataclass(frozen=True)
class Bucket:
    """Grouping by time: the start of the day, week (Monday), month, quarter or year, in the
    installation's time zone, of the moment that puts each item in the period."""

    unit: str

    def column(self, source: str):
        return Trunc(MOMENT[source], self.unit, tzinfo=timezone.get_current_timezone())

    def cube_column(self):
        return Trunc("day", self.unit, output_field=DateField())

    on_totals = True
