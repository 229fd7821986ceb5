"""Quality inspection (质检, I6): reproducible monthly samples, reviews on the QA scorecard,
the agent's one dispute. A review below the pass mark counts in the appraisal (source `qa`)."""

import random
import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Staff
from appraisal.access import require_qa
from appraisal.actions._common import history, require_open_month
from appraisal.compute import month_period, sync_source
from appraisal.models import QaCriterion, QaReview, QaSample, QaSampleItem, Rule
from appraisal.vocabulary import AppealStatus, EventKind, month_label, track_for
from callbacks.models import Callback
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from tickets.models import Ticket

# Whose calls are sampled when no one is named: the people on the phones.
SAMPLED_ROLES = (Role.AGENT, Role.STEWARD, Role.NIGHT_DUTY)
DEFAULT_SIZE = 5
MAX_SIZE = 50
MAX_SEED = 2**62
DEFAULT_PASS_MARK = Decimal(80)


def candidates(person: Staff, month: date) -> list[tuple[int, int | None]]:
    """What a person handled in the month, in a fixed order: the tickets they took (owner), then
    the callbacks they made — (ticket id, callback id or None)."""
    period = month_period(month)
    tickets = (
        Ticket.objects.filter(owner=person, received_at__gte=period.start, received_at__lt=period.end)
        .order_by("id")
        .values_list("id", flat=True)
    )
    calls = (
        Callback.objects.filter(done_by=person, done_at__gte=period.start, done_at__lt=period.end, ticket__isnull=False)
        .order_by("id")
        .values_list("ticket_id", "id")
    )
    return [(t, None) for t in tickets] + list(calls)


def pick(person: Staff, month: date, seed: int, size: int) -> list[tuple[int, int | None]]:
    """The same seed draws the same items: the generator is seeded with the seed, the person
    and the month (a string seed is hashed the same way on every run and machine)."""
    pool = candidates(person, month)
    rng = random.Random(f"{seed}:{person.username}:{month_label(month)}")
    return rng.sample(pool, min(size, len(pool)))


@transaction.atomic
def draw_samples(month: date, *, actor: Staff, staff: Staff | None = None, size=None, seed=None) -> list[QaSample]:
    require_qa(actor)
    if month > timezone.localdate().replace(day=1):
        raise InvalidInput(_("This month has not begun."), fields={"month": _("In the future.")})
    size = DEFAULT_SIZE if size is None else size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_SIZE:
        raise InvalidInput(
            _("The sample size must be between 1 and %(max)s.") % {"max": MAX_SIZE}, fields={"size": _("Out of range.")}
        )
    if seed is None:
        seed = secrets.randbelow(2**31)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < MAX_SEED:
        raise InvalidInput(_("The seed must be a whole number of at least 0."), fields={"seed": _("Out of range.")})
    people = (
        [staff]
        if staff is not None
        else list(Staff.objects.filter(is_active=True, role__in=SAMPLED_ROLES).order_by("work_number"))
    )
    samples = []
    for person in people:
        sample, created = QaSample.objects.get_or_create(
            staff=person, month=month, seed=seed, size=size, defaults={"created_by": actor}
        )
        if created:
            QaSampleItem.objects.bulk_create(
                QaSampleItem(sample=sample, position=n, ticket_id=t, callback_id=c)
                for n, (t, c) in enumerate(pick(person, month, seed, size))
            )
            history(
                EventKind.QA_SAMPLED, actor=actor, staff=person, month=month, sample=sample.pk, seed=seed, size=size
            )
        samples.append(sample)
    return samples


def pass_mark(person: Staff) -> Decimal:
    rule = Rule.objects.filter(source="qa", track=track_for(person.role)).first()
    return rule.threshold if rule is not None and rule.threshold is not None else DEFAULT_PASS_MARK


def check_scores(scores) -> tuple[dict, Decimal, bool]:
    criteria = {c.code: c for c in QaCriterion.objects.filter(is_active=True)}
    if not isinstance(scores, dict) or not scores:
        raise InvalidInput(_("Score every criterion of the QA scorecard."), fields={"scores": _("Required.")})
    for code in scores:
        if code not in criteria:
            raise InvalidInput(
                _("Unknown QA criterion: %(code)s.") % {"code": str(code)[:30]},
                fields={f"scores.{str(code)[:30]}": _("Unknown criterion.")},
            )
    clean, total, failed = {}, Decimal(0), False
    for code, criterion in criteria.items():
        if code not in scores:
            raise InvalidInput(
                _("Score every criterion of the QA scorecard."), fields={f"scores.{code}": _("Required.")}
            )
        value = scores[code]
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise InvalidInput(_("A score is a number."), fields={f"scores.{code}": _("Must be a number.")})
        number = Decimal(str(value))
        if (
            not number.is_finite()
            or number < 0
            or number > criterion.max_points
            or number != number.quantize(Decimal("0.1"))
        ):
            raise InvalidInput(
                _("%(name)s is scored from 0 to %(max)s.") % {"name": criterion.name, "max": criterion.max_points},
                fields={f"scores.{code}": _("Out of range.")},
            )
        clean[code] = float(number)
        total += number
        failed = failed or (criterion.critical and number == 0)
    return clean, total, failed


def reviewed_person(ticket: Ticket, callback: Callback | None) -> tuple[Staff, date]:
    """Whose work a review is about, and the month it counts in: the sample that drew it, else
    the one who made the call (the callback) or took the request (the ticket's owner)."""
    item = (
        QaSampleItem.objects.filter(ticket=ticket, callback=callback)
        .select_related("sample__staff")
        .order_by("-sample__created_at")
        .first()
    )
    if item is not None:
        return item.sample.staff, item.sample.month
    if callback is not None and callback.done_by_id:
        return callback.done_by, timezone.localdate(callback.done_at or timezone.now()).replace(day=1)
    return ticket.owner, timezone.localdate(ticket.received_at).replace(day=1)


@transaction.atomic
def review(ticket: Ticket, *, scores, advice: str = "", actor: Staff, callback: Callback | None = None) -> QaReview:
    require_qa(actor)
    if callback is not None and callback.ticket_id != ticket.pk:
        raise InvalidInput(_("This callback is not about this ticket."), fields={"callback": _("Not this ticket's.")})
    person, month = reviewed_person(ticket, callback)
    if person.pk == actor.pk:
        raise Forbidden(_("Nobody reviews their own work."))
    clean, total, failed = check_scores(scores)
    advice = clean_text(advice, "advice", required=False, max_length=2000)
    require_open_month(month)
    same = QaReview.objects.filter(staff=person, ticket=ticket, callback=callback)
    if same.exists():
        raise Conflict(_("This work has been reviewed already."), code="already_reviewed")
    if failed:
        total = Decimal(0)  # a failed critical criterion fails the whole review (关键项一票否决)
    review = QaReview.objects.create(
        ticket=ticket,
        callback=callback,
        staff=person,
        reviewer=actor,
        month=month,
        scores=clean,
        total=total,
        critical_failed=failed,
        passed=not failed and total >= pass_mark(person),
        advice=advice,
    )
    history(EventKind.QA_REVIEWED, actor=actor, staff=person, month=month, review=review.pk, total=str(total))
    sync_source(month, "qa", [person.pk])
    return review


@transaction.atomic
def dispute(review: QaReview, *, reason: str, actor: Staff) -> QaReview:
    review = QaReview.objects.select_for_update().get(pk=review.pk)
    if review.staff_id != actor.pk:
        raise Forbidden(_("Only the person reviewed may dispute a review."))
    reason = clean_text(reason, "reason", max_length=1000)
    require_open_month(review.month)
    if review.disputed_at is not None:
        raise Conflict(_("A review can be disputed only once."), code="already_disputed")
    review.dispute_reason = reason
    review.disputed_at = timezone.now()
    review.dispute_status = AppealStatus.PENDING
    review.save(update_fields=["dispute_reason", "disputed_at", "dispute_status"])
    history(EventKind.QA_DISPUTED, actor=actor, staff=actor, month=review.month, review=review.pk)
    return review


@transaction.atomic
def decide_dispute(review: QaReview, *, upheld: bool, actor: Staff) -> QaReview:
    review = QaReview.objects.select_for_update().get(pk=review.pk)
    if actor.role not in (Role.MANAGER, Role.SUPERVISOR) or actor.pk in (review.staff_id, review.reviewer_id):
        raise Forbidden(_("A dispute is decided by the manager or a supervisor who did not review it."))
    require_open_month(review.month)
    if review.dispute_status != AppealStatus.PENDING:
        raise Conflict(_("There is no open dispute on this review."), code="no_dispute")
    review.dispute_status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    review.dispute_decided_by = actor
    review.dispute_decided_at = timezone.now()
    review.save(update_fields=["dispute_status", "dispute_decided_by", "dispute_decided_at"])
    history(
        EventKind.QA_DISPUTE_DECIDED,
        actor=actor,
        staff=review.staff,
        month=review.month,
        review=review.pk,
        status=review.dispute_status,
    )
    sync_source(review.month, "qa", [review.staff_id])
    return review
