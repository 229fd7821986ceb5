"""The ticket lists' filters, one schema for the API (GET tickets) and the screens (board, my
tickets, the department queue): the same vocabulary checks, bounds and messages."""

from django.http import HttpRequest
from pydantic import Field

from core.schemas import StrictIn, Text, validate_query
from tickets.schemas import CategoryValue, StatusValue


class TicketQuery(StrictIn):
    status: StatusValue | None = None
    category: CategoryValue | None = None
    department: Text(32) | None = None
    owner: Text(150) | None = None
    overdue: bool | None = None
    q: Text(100) | None = None
    page: int = Field(1, ge=1, le=100_000)

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
        filters["open_only"] = not query.status
    return filters
