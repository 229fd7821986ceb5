"""Appeals (申诉): the person appeals a deduction once, with a reason; a superior along their
line decides. An upheld appeal withdraws the deduction and the ones linked to it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from appraisal.access import require_superior
from appraisal.actions._common import history, require_open_month
from appraisal.compute import refresh_results
from appraisal.models import Appeal, Deduction
from appraisal.vocabulary import AppealStatus, DeductionKind, EventKind
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text


@transaction.atomic
def appeal_deduction(deduction: Deduction, *, reason: str, actor: Staff) -> Appeal:
    deduction = Deduction.objects.select_for_update().get(pk=deduction.pk)
    if deduction.staff_id != actor.pk:
        raise Forbidden(_("Only the person it was deducted from may appeal a deduction."))
    reason = clean_text(reason, "reason", max_length=1000)
    if deduction.kind != DeductionKind.DEDUCTION or deduction.linked_from_id is not None:
        raise InvalidInput(
            _("Appeal the deduction itself; a linked deduction and reward points follow it."),
            fields={"deduction": _("Cannot be appealed.")},
        )
    require_open_month(deduction.month)
    if deduction.revoked_at is not None:
        raise Conflict(_("This deduction no longer counts."), code="revoked")
    if Appeal.objects.filter(deduction=deduction).exists():
        raise Conflict(_("A deduction can be appealed only once."), code="already_appealed")
    appeal = Appeal.objects.create(deduction=deduction, appellant=actor, reason=reason)
    history(
        EventKind.APPEALED, actor=actor, staff=actor, month=deduction.month, deduction=deduction.pk, appeal=appeal.pk
    )
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, upheld: bool, note: str = "", actor: Staff) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("deduction", "appellant").get(pk=appeal.pk)
    require_superior(actor, appeal.appellant)
    require_open_month(appeal.deduction.month)
    if appeal.status != AppealStatus.PENDING:
        raise Conflict(_("This appeal has already been decided."), code="already_decided")
    note = clean_text(note, "note", required=False, max_length=1000)
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.decision_note = note
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if upheld:
        deduction = appeal.deduction
        Deduction.objects.filter(pk=deduction.pk).update(counts=False)
        Deduction.objects.filter(linked_from=deduction).update(counts=False)
    history(
        EventKind.APPEAL_DECIDED,
        actor=actor,
        staff=appeal.appellant,
        month=appeal.deduction.month,
        appeal=appeal.pk,
        status=appeal.status,
    )
    refresh_results(appeal.deduction.month, [appeal.appellant_id])
    return appeal
