"""The manager confirms a month (I5): computed once more for everyone, then frozen."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from appraisal.access import require_manager
from appraisal.actions._common import history, require_open_month
from appraisal.compute import compute_month
from appraisal.models import MonthConfirmation
from appraisal.vocabulary import EventKind, month_label
from core.errors import Conflict


@transaction.atomic
def confirm_month(month: date, *, actor: Staff) -> MonthConfirmation:
    require_manager(actor)
    if month >= timezone.localdate().replace(day=1):
        raise Conflict(_("A month can be confirmed only after it has ended."), code="month_not_over")
    require_open_month(month)
    outcome = compute_month(month, close=True)
    confirmation = MonthConfirmation.objects.create(month=month, confirmed_by=actor)
    history(EventKind.CONFIRMED, actor=actor, month=month, label=month_label(month), people=outcome.people)
    return confirmation
