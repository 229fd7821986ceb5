"""A month's scorecards for everyone (I5): gather the service records the rules count into
deduction lines, then each person's result. Grouped queries and set differences, never a loop
over tickets; one transaction, so a crash leaves the month as it was and the next pass redoes it."""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Staff
from appraisal.models import Deduction, MonthConfirmation, MonthResult, MonthRun, Rule, Scorecard
from appraisal.models.records import KPI_FIELDS
from appraisal.scoring import score_categories
from appraisal.sources import SOURCES, Period, kpi_figures
from appraisal.vocabulary import APPRAISED_ROLES, DeductionKind, Track, next_month, track_for

BATCH = 2000
COUNTS = ("responses", "verdicts", "finished")


def month_period(month: date) -> Period:
    tz = timezone.get_default_timezone()
    after = next_month(month)
    return Period(
        month=month,
        start=datetime(month.year, month.month, 1, tzinfo=tz),
        end=datetime(after.year, after.month, 1, tzinfo=tz),
    )


def is_confirmed(month: date) -> bool:
    return MonthConfirmation.objects.filter(month=month).exists()


def appraised_tracks() -> dict[int, str]:
    rows = Staff.objects.filter(is_active=True, role__in=APPRAISED_ROLES).values_list("id", "role")
    return {pk: track_for(role) for pk, role in rows}


@dataclass
class MonthOutcome:
    month: date
    added: int = 0
    revoked: int = 0
    restored: int = 0
    updated: int = 0
    people: int = 0
    seconds: float = 0.0
    skipped: bool = False


def wanted_lines(period: Period, tracks: dict[int, str], only: str | None = None) -> dict[tuple, tuple]:
    """What the rules make of the month's records: {(staff, source, ref_id, category): (kind,
    points, ref, data)}. A rule's cap bounds what one source gives or takes a person a month."""
    rules = {(r.source, r.track): r for r in Rule.objects.filter(is_active=True)}
    wanted: dict[tuple, tuple] = {}
    for source in SOURCES.values():
        if only is not None and source.code != only:
            continue
        by_track = {t: rules.get((source.code, t)) for t in Track.values}
        if not any(by_track.values()):
            continue
        taken: dict[int, Decimal] = defaultdict(Decimal)
        # Sorted, so a cap keeps the same (earliest) records on every pass.
        for found in sorted(source.collect(period), key=lambda f: (f.staff_id, f.ref_id)):
            track = tracks.get(found.staff_id)
            rule = by_track.get(track) if track else None
            if rule is None or not source.applies(found, rule.threshold):
                continue
            points = rule.points * found.count
            if rule.cap is not None:
                points = min(points, rule.cap - taken[found.staff_id])
                if points <= 0:
                    continue
            taken[found.staff_id] += points
            category = rule.category if rule.kind == DeductionKind.DEDUCTION else ""
            data = dict(found.data)
            if found.count != 1:
                data["count"] = found.count
            wanted[(found.staff_id, source.code, found.ref_id, category)] = (rule.kind, points, found.ref, data)
    return wanted


def sync_lines(
    month: date, wanted: dict[tuple, tuple], now: datetime, outcome: MonthOutcome, *, scope: dict | None = None
) -> None:
    """Make the month's automatic lines what `wanted` says: add the new, revoke the gone, bring
    back the returned, update changed amounts. `scope` narrows the lines looked at."""
    existing = {
        (staff, source, ref_id, category): (pk, points, data, revoked_at, appeal)
        for pk, staff, source, ref_id, category, points, data, revoked_at, appeal in Deduction.objects.filter(
            month=month, finding__isnull=True, linked_from__isnull=True, **(scope or {"source__in": list(SOURCES)})
        ).values_list(
            "id", "staff_id", "source", "ref_id", "category", "points", "data", "revoked_at", "appeal__status"
        )
    }
    new = [
        Deduction(
            staff_id=key[0],
            month=month,
            source=key[1],
            ref_id=key[2],
            category=key[3],
            kind=kind,
            points=points,
            ref=ref[:40],
            data=data,
            created_at=now,
        )
        for key, (kind, points, ref, data) in wanted.items()
        if key not in existing
    ]
    Deduction.objects.bulk_create(new, batch_size=BATCH)
    outcome.added = len(new)
    gone = [v[0] for k, v in existing.items() if k not in wanted and v[3] is None]
    for start in range(0, len(gone), BATCH):
        Deduction.objects.filter(id__in=gone[start : start + BATCH]).update(revoked_at=now, counts=False)
    outcome.revoked = len(gone)
    back = [v[0] for k, v in existing.items() if k in wanted and v[3] is not None]
    for start in range(0, len(back), BATCH):
        chunk = back[start : start + BATCH]
        Deduction.objects.filter(id__in=chunk).update(revoked_at=None, counts=True)
        # A line withdrawn on appeal stays withdrawn when its record comes back.
        Deduction.objects.filter(id__in=chunk, appeal__status="upheld").update(counts=False)
    outcome.restored = len(back)
    changed = 0
    for key, (_kind, points, _ref, data) in wanted.items():
        old = existing.get(key)
        if old is not None and (old[1] != points or old[2] != data):
            # One UPDATE a changed line (a monthly count grew): bulk_update's CASE per row costs
            # far more to build than these few statements cost to run.
            Deduction.objects.filter(pk=old[0]).update(points=points, data=data)
            changed += 1
    outcome.updated = changed


def compute_results(month: date, tracks: dict[int, str], kpi: dict[int, dict] | None, now: datetime) -> int:
    """The results of the month of `tracks`' people from their deduction lines: one grouped sum.
    Without `kpi`, each keeps the figures of the last full computation."""
    cards = {t: Scorecard.objects.in_force(t, month) for t in Track.values}
    sums: dict[int, dict] = defaultdict(dict)
    bonus: dict[int, Decimal] = defaultdict(Decimal)
    lines = Deduction.objects.filter(month=month, counts=True)
    results = MonthResult.objects.filter(month=month)
    if kpi is None:
        lines = lines.filter(staff_id__in=list(tracks))
        results = results.filter(staff_id__in=list(tracks))
        kpi = {row["staff_id"]: row for row in results.values("staff_id", *KPI_FIELDS)}
    rows = (
        lines.values("staff_id", "kind", "category")
        .annotate(points=Sum("points"))
        .values_list("staff_id", "kind", "category", "points")
    )
    for staff, kind, category, points in rows:
        if kind == DeductionKind.POINTS:
            bonus[staff] += points
        else:
            sums[staff][category] = points
    new = []
    for staff, track in tracks.items():
        card = cards.get(track)
        if card is None:
            continue
        categories = score_categories(card.categories.all(), sums.get(staff, {}))
        figures = kpi.get(staff, {})
        result = MonthResult(
            staff_id=staff,
            month=month,
            scorecard=card,
            total=sum((c["score"] for c in categories), Decimal(0)),
            bonus=bonus.get(staff, Decimal(0)),
            computed_at=now,
            **{name: figures.get(name, 0 if name in COUNTS else None) for name in KPI_FIELDS},
        )
        new.append(result)
    # Replaced whole, in this transaction: nothing refers to a result row, and a delete and an
    # insert of a few hundred rows cost less than bulk_update's CASE expressions.
    results.filter(staff_id__in=list(tracks)).delete()
    MonthResult.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


@transaction.atomic
def sync_source(month: date, source: str, staff_ids: list[int]) -> None:
    """One source's lines for a few people at once (a QA review just recorded or voided),
    instead of waiting for the worker's next pass. The pass finds them in place."""
    if is_confirmed(month):
        return
    tracks = {k: v for k, v in appraised_tracks().items() if k in set(staff_ids)}
    wanted = {k: v for k, v in wanted_lines(month_period(month), tracks, only=source).items() if k[0] in tracks}
    sync_lines(
        month, wanted, timezone.now(), MonthOutcome(month), scope={"source": source, "staff_id__in": list(tracks)}
    )
    refresh_results(month, list(tracks))


def refresh_results(month: date, staff_ids: list[int]) -> None:
    """One person's result after a change of their lines (an inspection, an appeal decided)."""
    tracks = {k: v for k, v in appraised_tracks().items() if k in set(staff_ids)}
    compute_results(month, tracks, None, timezone.now())


def compute_month(month: date, *, now: datetime | None = None, close: bool = False) -> MonthOutcome:
    """Gather and score `month` for everyone. Idempotent: a second run changes nothing. A
    confirmed month is frozen and left alone."""
    now = now or timezone.now()
    outcome = MonthOutcome(month)
    started = time.perf_counter()
    with transaction.atomic():
        run, _ = MonthRun.objects.get_or_create(month=month)
        # One computation of a month at a time (two workers, or the worker and the command).
        run = MonthRun.objects.select_for_update().get(pk=run.pk)
        if is_confirmed(month):
            outcome.skipped = True
            return outcome
        period = month_period(month)
        tracks = appraised_tracks()
        sync_lines(month, wanted_lines(period, tracks), now, outcome)
        outcome.people = compute_results(month, tracks, kpi_figures(period), now)
        outcome.seconds = time.perf_counter() - started
        run.synced_at = now
        run.seconds = outcome.seconds
        if close:
            run.closed_at = now
        run.save(update_fields=["synced_at", "seconds", "closed_at"])
    return outcome
