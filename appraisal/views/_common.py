"""What the appraisal screens share: the month asked for, the people below someone."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Staff
from appraisal.access import MAX_LEVELS
from appraisal.vocabulary import parse_month


def month_param(request: HttpRequest, default: date | None = None) -> date:
    value = request.GET.get("month") or request.POST.get("month")
    if not value:
        return default or timezone.localdate().replace(day=1)
    return parse_month(value)


def people_below(user: Staff) -> list[Staff]:
    """Everyone under `user` along the reporting line, one query per level."""
    found: list[Staff] = []
    seen = {user.pk}
    level = [user.pk]
    for _ in range(MAX_LEVELS):
        rows = list(
            Staff.objects.filter(superior_id__in=level, is_active=True)
            .exclude(pk__in=seen)
            .select_related("department")
        )
        if not rows:
            break
        found.extend(rows)
        seen.update(r.pk for r in rows)
        level = [r.pk for r in rows]
    return sorted(found, key=lambda s: s.work_number)
