"""The ticket lists' filters, one schema for the API (GET tickets) and the screens (board, my
tickets, the department queue): the same vocabulary checks, bounds and messages."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import Field, model_validator

from core.errors import InvalidInput
from core.schemas import StrictIn, Text, validate_query
from tickets.schemas import CategoryValue
from tickets.vocabulary import Status

# A status, or "all": open and closed together.
StatusFilter = Literal[(*Status.values, "all")]
# Column sorting: a key, or "-key" for descending (tickets.selectors.sort_tickets).
SORT_KEYS = ("received", "number", "deadline", "status", "priority")
SortValue = Literal[(*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS))]
# Received dates a list may ask for: the work the product can hold, not year 1 or 9999.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class TicketQuery(StrictIn):
    status: StatusFilter | None = Field(
        None, description="A status, or `all` (open and closed together; the screens show open work by default)."
    )
    category: CategoryValue | None = None
    subtype: Text(40) | None = Field(None, description="Code of a request sub-type (e.g. `elevator`).")
    department: Text(32) | None = None
    owner: Text(150) | None = None
    assignee: Text(150) | None = Field(None, description="Username of the engineer the work is given to.")
    community: int | None = Field(None, ge=1, description="Id of a community (小区) of the premises.")
    received_from: date | None = Field(None, ge=EARLIEST, le=LATEST, description="Received on or after (YYYY-MM-DD).")
    received_to: date | None = Field(None, ge=EARLIEST, le=LATEST, description="Received on or before (YYYY-MM-DD).")
    overdue: bool | None = None
    q: Text(100) | None = Field(
        None,
        description="Keyword (Chinese included), ticket number, the caller's phone or its last four digits, or an honorific (李女士).",
    )
    sort: SortValue | None = Field(
        None,
        description="Order: `received`, `number`, `deadline` (the next unmet promise), `status` (lifecycle order) "
        "or `priority`; `-` before it for descending. Default: newest first (the screens' open work urgent first).",
    )
    page: int = Field(1, ge=1, le=100_000)

    @model_validator(mode="after")
    def _range(self):
        if self.received_from and self.received_to and self.received_from > self.received_to:
            raise InvalidInput(
                _("The start date is after the end date."), fields={"received_from": _("After the end date.")}
            )
        return self

    def search_kwargs(self) -> dict:
        """The arguments of tickets.selectors.search_tickets."""
        return self.model_dump(exclude={"page"})


def screen_filters(request: HttpRequest, *, fields: tuple[str, ...]) -> dict:
    """The query string of a list screen as search_tickets arguments, through TicketQuery. An
    unknown department code or username simply matches nothing; without a chosen status the
    screens show the work still to do (open_only)."""
    query = validate_query(TicketQuery, {name: request.GET.get(name, "").strip() for name in fields})
    filters = {name: value for name, value in query.search_kwargs().items() if name in fields}
    if "status" in fields:
        filters["open_only"] = not query.status  # "all" lists open and closed together
    return filters
