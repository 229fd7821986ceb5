"""Recording a callback (E2-E3) and creating the manual ones (E1).

The verdict moves the ticket through the ticket actions themselves: satisfied or basically
satisfied closes it (close_ticket), unsatisfied reopens it to the department that did the work
(reopen_ticket) and puts it under supervision (督办).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Staff
from callbacks.access import CALLBACK_ROLES, require_callback_role
from callbacks.models import MANUAL_KINDS, PASSING, Callback, CallbackStatus, Outcome
from callbacks.rules import meet_callback_deadline, retry_delay
from callbacks.scripts import questions_for
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.moments import check_moment
from core.phones import normalize_phone
from core.text import clean_text
from customers.models import Customer
from tickets.access import get_ticket_for_staff
from tickets.actions import close_ticket, reopen_ticket
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event


def _clean_score(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if isinstance(value, bool) or score < 1 or score > 5 or str(score) != str(value).strip():
        raise InvalidInput(_("A score is a whole number from 1 to 5."), fields={field: _("From 1 to 5.")})
    return score


def _clean_answers(kind: str, answers: dict | None) -> dict[str, int]:
    codes = {code for code, _text in questions_for(kind)}
    cleaned: dict[str, int] = {}
    for code, value in (answers or {}).items():
        if code not in codes:
            raise InvalidInput(
                _("This question is not part of the script."), fields={f"answers.{code}"[:60]: _("Unknown question.")}
            )
        score = _clean_score(value, f"answers.{code}")
        if score is not None:
            cleaned[code] = score
    return cleaned


@transaction.atomic
def record_callback(
    callback: Callback,
    *,
    outcome: str,
    actor: Staff,
    score: int | None = None,
    answers: dict | None = None,
    note: str = "",
    call_after: datetime | None = None,
) -> Callback:
    """One call's result. A verdict ends the callback; busy reschedules it; unreachable is tried
    again until KEFU_CALLBACK_MAX_ATTEMPTS calls were made or the next try would fall after the
    due time, and is then recorded as unreachable (the ticket is closed: the work was done and
    the customer could not be reached to say otherwise)."""
    from django.conf import settings

    require_callback_role(actor)
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose the outcome of the call."), fields={"outcome": _("Not an allowed value.")})
    score = _clean_score(score, "score")
    answers = _clean_answers(callback.kind, answers)
    # A busy customer may name the time to call again; it must lie ahead (the other outcomes
    # ignore it). A time past the due time is the customer's wish: the deadline records the miss.
    check_moment(call_after, "call_after")
    if outcome == Outcome.BUSY and call_after is not None and call_after <= timezone.now():
        raise InvalidInput(_("The time to call again must be in the future."), fields={"call_after": _("In the past.")})
    note = clean_text(note, "note", required=False, max_length=500)
    if outcome in PASSING | {Outcome.UNSATISFIED} and score is None and answers:
        score = round(sum(answers.values()) / len(answers))  # the overall score defaults to the answers' mean

    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.status != CallbackStatus.DUE:
        raise Conflict(_("This callback has already been recorded."), code="callback_done")
    ticket = None
    if callback.ticket_id is not None:
        ticket = Ticket.objects.select_for_update().get(pk=callback.ticket_id)
        if ticket.status != Status.RESOLVED or ticket.reopen_count != callback.round:
            raise Conflict(_("The ticket is no longer waiting for this callback."), code="callback_stale")

    now = timezone.now()
    callback.attempts += 1
    final = outcome in (Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED, Outcome.UNSATISFIED)
    if outcome == Outcome.UNREACHABLE:
        next_try = now + retry_delay()
        final = callback.attempts >= max(1, settings.KEFU_CALLBACK_MAX_ATTEMPTS) or next_try >= callback.due_at
    fields = ["attempts", "note"]
    callback.note = note or callback.note
    if final:
        callback.status = CallbackStatus.DONE
        callback.outcome = outcome
        callback.score = score if outcome != Outcome.UNREACHABLE else None
        callback.answers = answers if outcome != Outcome.UNREACHABLE else {}
        callback.done_at = now
        callback.done_by = actor
        callback.call_after = None
        fields += ["status", "outcome", "score", "answers", "done_at", "done_by", "call_after"]
    else:
        wished = call_after if outcome == Outcome.BUSY and call_after is not None else None
        callback.call_after = wished or now + retry_delay()
        fields += ["call_after"]
    callback.save(update_fields=fields)

    if ticket is not None:
        record_event(
            ticket,
            EventKind.CALLBACK_RECORDED,
            actor=actor,
            at=now,
            callback=callback.pk,
            outcome=outcome,
            final=final,
            attempt=callback.attempts,
            score=callback.score if final else None,
            answers=callback.answers if final else {},
            note=note,
            call_after=callback.call_after.isoformat() if callback.call_after else None,
        )
    if final:
        meet_callback_deadline(callback, at=now)
    if ticket is None or not final:
        return callback

    if outcome == Outcome.UNSATISFIED:
        ticket = reopen_ticket(ticket, reason=note, cause="callback_unsatisfied", actor=actor)
        _supervise(ticket, actor=actor, at=now, callback=callback)
    else:
        if outcome in PASSING and ticket.supervised:
            # Supervision ends with a satisfied customer (D3); the flag's history is the timeline.
            Ticket.objects.filter(pk=ticket.pk).update(supervised=False)
        close_ticket(ticket, actor=actor, note=note)
    return callback


CALLBACK_LEADS = frozenset({Role.MANAGER, Role.SUPERVISOR})


@transaction.atomic
def assign_callback(callback: Callback, *, agent: Staff, actor: Staff) -> Callback:
    """Give a due callback to the callback agent who is to make the call; a lead's decision,
    recorded on the ticket's timeline."""
    require_callback_role(actor)
    if actor.role not in CALLBACK_LEADS:
        raise Forbidden(_("Only the manager or a supervisor assigns callbacks."))
    if not (agent.is_active and agent.role in CALLBACK_ROLES):
        raise InvalidInput(
            _("Callbacks go to a callback agent of the customer-service centre."),
            fields={"agent": _("Not a callback agent.")},
        )
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.status != CallbackStatus.DUE:
        raise Conflict(_("This callback has already been recorded."), code="callback_done")
    if callback.assigned_to_id == agent.pk:
        return callback  # already theirs: nothing changes, nothing to log
    callback.assigned_to = agent
    callback.save(update_fields=["assigned_to"])
    if callback.ticket_id is not None:
        record_event(
            callback.ticket,
            EventKind.CALLBACK_ASSIGNED,
            actor=actor,
            callback=callback.pk,
            agent=agent.username,
            agent_name=agent.display_name,
        )
    return callback


def _supervise(ticket: Ticket, *, actor: Staff, at: datetime, callback: Callback) -> None:
    """督办: the unit that did the work has it back and is watched until the customer is satisfied."""
    was = ticket.supervised
    Ticket.objects.filter(pk=ticket.pk).update(supervised=True)
    ticket.supervised = True
    record_event(
        ticket,
        EventKind.SUPERVISED,
        actor=actor,
        at=at,
        callback=callback.pk,
        department=ticket.department.code if ticket.department_id else None,
        department_name=ticket.department.name if ticket.department_id else "",
        again=was,
    )


@transaction.atomic
def create_manual_callback(
    *,
    kind: str,
    actor: Staff,
    due_at: datetime,
    customer: Customer | None = None,
    ticket: Ticket | None = None,
    note: str = "",
) -> Callback:
    """Pre-sale, after-sale, project-stage and expiring-member callbacks, queued by hand."""
    require_callback_role(actor)
    check_moment(due_at, "due_at")
    if kind not in MANUAL_KINDS:
        raise InvalidInput(
            _("This kind of callback is created by the rules, not by hand."),
            fields={"kind": _("Not an allowed value.")},
        )
    if customer is None and ticket is None:
        raise InvalidInput(_("Choose the customer to call."), fields={"customer": _("Required.")})
    note = clean_text(note, "note", required=False, max_length=500)
    if ticket is not None:
        # The call is about that work but is not its rule-made callback (which closes or reopens
        # the ticket): it is kept against the customer, the ticket number in its note.
        customer = customer or ticket.customer
        note = f"{ticket.number} {note}".strip()[:500]
    if customer is None:
        raise InvalidInput(
            _("The caller of this ticket is not in the customer archive; enter their phone number."),
            fields={"customer": _("Not in the archive.")},
        )
    now = timezone.now()
    if due_at < now:
        raise InvalidInput(_("The due time cannot be in the past."), fields={"due_at": _("In the past.")})
    callback = Callback.objects.create(
        kind=kind,
        customer=customer,
        created_at=now,
        due_at=due_at,
        note=note,
        created_by=actor,
    )
    return callback


def find_callback_target(user: Staff, text: str) -> tuple[Customer | None, Ticket | None]:
    """Whom a manual callback is for, from what the agent typed: a ticket number (the callback is
    about that work and its customer) or a phone number of exactly one customer in the archive."""
    text = (text or "").strip()[:30]
    if not text:
        raise InvalidInput(_("Choose the customer to call."), fields={"customer": _("Required.")})
    if text.upper().startswith("GD"):
        try:
            ticket = get_ticket_for_staff(user, text.upper())
        except NotFound:
            raise InvalidInput(_("No ticket has this number."), fields={"customer": _("Unknown ticket.")}) from None
        return ticket.customer, ticket
    number = normalize_phone(text)
    customers = list(Customer.objects.filter(phones__number=number).distinct()[:2]) if number else []
    if not customers:
        raise InvalidInput(
            _("No customer in the archive has this phone number."), fields={"customer": _("Unknown phone.")}
        )
    if len(customers) > 1:
        raise InvalidInput(
            _("Several customers share this phone number; enter a ticket number instead."),
            fields={"customer": _("Ambiguous.")},
        )
    return customers[0], None
