"""The audit trail of settings (calendars, commitments, complaint criteria, staff, departments):
who changed what, when, old → new, kept by django-simple-history in one history table per model.

A historical row stores the field values (codes, ids), never prose; the words come when it is
shown. The acting user is the request's (HistoryRequestMiddleware, for the admin and the console)
or, where an action knows its actor (the API authenticates without a session), the one the action
names with `attribute()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

ACTIONS = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Deleted")}


class SettingsHistory(HistoricalRecords):
    """HistoricalRecords writing a row only when a tracked field changed: a save touching only
    excluded fields (a login's `last_login`) or nothing at all leaves no row behind."""

    def post_save(self, instance, created, using=None, **kwargs):
        if not created:
            update_fields = kwargs.get("update_fields")
            if update_fields and set(update_fields) <= set(self.excluded_fields):
                return
            if self._unchanged(instance, using):
                return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance, using) -> bool:
        latest = getattr(instance, self.manager_name).using(using).order_by("-history_id").first()
        if latest is None:
            return False
        return all(getattr(latest, f.attname) == getattr(instance, f.attname) for f in tracked_fields(latest))


def attribute(instance: models.Model, actor) -> models.Model:
    """Name who makes the next save or delete of `instance` in its history row."""
    instance._history_user = actor
    return instance


def tracked_fields(record) -> list[models.Field]:
    """The model's fields kept in its history (not the excluded ones, not the history's own)."""
    kept = {f.name for f in record._meta.concrete_fields}
    return [f for f in record.instance_type._meta.concrete_fields if f.name in kept and not f.primary_key]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    at: datetime
    user: object
    action: str  # "+", "~" or "-"
    subject: str  # the model's verbose name
    label: str  # the object as it reads
    changes: list[FieldChange] = field(default_factory=list)
    note: str = ""

    @property
    def action_label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def display(model_field: models.Field, value, related: dict) -> str:
    """One stored value as a reader sees it: choices by their label, links by the object's name."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field.is_relation:
        key = (model_field.related_model, value)
        if key not in related:
            related[key] = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related[key]) if related[key] is not None else f"#{value}"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(value, time):
        return time_format(value, "H:i")
    return str(value)


def field_changes(before, after, related: dict, only: set[str] | None = None) -> list[FieldChange]:
    """old → new for every tracked field that differs (of those named in `only`, by attname);
    `before` None means all of `after`'s values."""
    out = []
    for f in tracked_fields(after):
        if only is not None and f.attname not in only:
            continue
        new = getattr(after, f.attname)
        old = getattr(before, f.attname) if before is not None else None
        if before is not None and old == new:
            continue
        if before is None and (new is None or new == ""):
            continue
        out.append(FieldChange(str(f.verbose_name), display(f, old, related), display(f, new, related)))
    return out


def describe(record, related: dict, before=None, only: set[str] | None = None) -> Change:
    """A history row as a Change: compared with the object's previous row (or with `before`, a
    row or instance the caller knows to be its predecessor, e.g. the version it replaced; `only`
    then names the fields worth comparing)."""
    if before is None and record.history_type == "~":
        before = record.prev_record
    if record.history_type == "-":
        changes = []
    else:
        changes = field_changes(before, record, related, only)
    return Change(
        at=record.history_date,
        user=record.history_user,
        action=record.history_type,
        subject=str(record.instance_type._meta.verbose_name),
        label=str(record.instance),
        changes=changes,
    )


def recent_changes(*models_: type[models.Model], limit: int) -> list:
    """The newest `limit` history rows of several models, newest first, with their users."""
    rows = []
    for model in models_:
        history = model.history.select_related("history_user").order_by("-history_date", "-history_id")
        rows.extend(history[:limit])
    rows.sort(key=lambda r: r.history_date, reverse=True)
    return rows[:limit]


def keeps_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def record_baseline(model: type[models.Model], using: str = "default") -> int:
    """A first history row ("+", no user) for every row of `model` that has none: rows made
    before the history existed, or in bulk (the seeded defaults). Without it their first change
    could not show what it changed from."""
    historical = model.history.model
    missing = model._default_manager.using(using).exclude(pk__in=historical.objects.using(using).values("id"))
    names = [f.attname for f in tracked_fields(historical)] + [model._meta.pk.attname]
    now = timezone.now()
    rows = [
        historical(history_date=now, history_type="+", **{name: getattr(obj, name) for name in names})
        for obj in missing
    ]
    historical.objects.using(using).bulk_create(rows, batch_size=500)
    return len(rows)


def record_baselines(sender, using: str = "default", **kwargs) -> None:
    """post_migrate, for each app: the baseline of its models that keep a history (an existing
    installation's rows get theirs the first time it migrates with the history in place)."""
    for model in sender.get_models():
        if keeps_history(model):
            record_baseline(model, using)
