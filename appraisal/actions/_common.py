"""What the appraisal actions share: the month's freeze, the history row, amounts."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from appraisal.models import AppraisalEvent, MonthConfirmation
from core.errors import Conflict, InvalidInput


def require_open_month(month: date) -> None:
    """A confirmed month is frozen: nothing of it is added, appealed or decided any more."""
    if MonthConfirmation.objects.filter(month=month).exists():
        raise Conflict(
            _("This month's appraisal has been confirmed by the manager and can no longer be changed."),
            code="month_confirmed",
        )


def history(kind: str, *, actor: Staff | None, staff: Staff | None = None, month: date | None = None, **data):
    return AppraisalEvent.objects.create(kind=kind, actor=actor, staff=staff, month=month, data=data)


def points_value(value, field: str, *, maximum: Decimal, places: str = "0.1") -> Decimal:
    """A positive number of points, at most `maximum`, in steps of `places`."""
    try:
        amount = Decimal(str(value).strip()) if value is not None and not isinstance(value, bool) else None
    except (InvalidOperation, ValueError):
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount > maximum
        or amount != amount.quantize(Decimal(places))
    ):
        raise InvalidInput(
            _("Enter points between %(low)s and %(high)s.") % {"low": places, "high": maximum},
            fields={field: _("Not an allowed number of points.")},
        )
    return amount
