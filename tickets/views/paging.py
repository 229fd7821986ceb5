"""Paging and ordering of the ticket lists, shared by the tickets, deadlines and callbacks screens."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from core.errors import Forbidden
from tickets.models import URGENT_RANK
from tickets.selectors import capped_count, list_page_rows, prepare_list_page


class CappedPaginator(Paginator):
    """Counts up to selectors.COUNT_CAP (SEARCH_COUNT_CAP for a keyword search); `capped` tells
    the template to say "more than"."""

    capped = False
    search = False

    @cached_property
    def count(self) -> int:
        n, exact = capped_count(self.object_list, search=self.search)
        self.capped = not exact
        return n


class TicketPaginator(CappedPaginator):
    """A page of a ticket list: the tickets of the page without for_list's prefetches, then
    what their rows show read once for the page (selectors.prepare_list_page)."""

    def page(self, number):
        page = super().page(number)
        page.object_list = prepare_list_page(list(page.object_list.prefetch_related(None)))
        return page


class RowPaginator(CappedPaginator):
    """A page of a list without action buttons as its rows (selectors.list_page_rows), values
    rather than model instances."""

    owners: dict[int, str] | None = None

    def page(self, number):
        page = super().page(number)
        page.object_list = list_page_rows(page.object_list, owners=self.owners)
        return page


def paginate_tickets(request: HttpRequest, qs: QuerySet, *, search: bool = False) -> Page:
    paginator = TicketPaginator(qs, settings.KEFU_PAGE_SIZE)
    paginator.search = search
    return paginator.get_page(request.GET.get("page"))


def paginate_rows(
    request: HttpRequest, qs: QuerySet, *, search: bool = False, owners: dict[int, str] | None = None
) -> Page:
    """A page of ListRows; `owners`: display names by staff id the caller has read already."""
    paginator = RowPaginator(qs, settings.KEFU_PAGE_SIZE)
    paginator.search = search
    paginator.owners = owners
    return paginator.get_page(request.GET.get("page"))


def emergencies_first(qs: QuerySet) -> QuerySet:
    """A7: an alarm or urgent request jumps every queue; the rest stay newest first."""
    return qs.alias(urgent_rank=URGENT_RANK).order_by("urgent_rank", "-received_at", "-id")


def require_intake_role(user) -> None:
    """Intake is the customer-service centre's screen; create_ticket refuses the others too,
    this only spares them a form they cannot submit."""
    if not user.takes_requests:
        raise Forbidden()
