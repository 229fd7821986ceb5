"""The rules of service language: the guard on customer-visible text, overrides, and the manager's
edits of the phrase lists."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LEAD_ROLES, Staff
from core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from core.text import clean_text
from standards import guard
from standards.handbook import HANDBOOK_STANDARD
from standards.models import ForbiddenPhrase, Phrase, PhraseOverride, Situation
from standards.phrases import SAMPLE_VALUES, fill, unknown_variables
from tickets.timeline import record_event

MAX_CHECK = 20000
OVERRIDDEN = "phrase_override"  # the timeline kind of an override (standards.timeline words it)


class ForbiddenPhraseFound(DomainError):
    """422 forbidden_phrase (API.md): the hits in error.fields (field → phrases and advice) and,
    as a list, in error.hits."""

    status = 422
    code = "forbidden_phrase"
    default_message = _("The text contains forbidden phrases. Rephrase it, or give a reason to send it anyway.")

    def __init__(self, field: str, hits: list[guard.Hit]):
        self.hits = hits
        self.field = field
        detail = "；".join(f"「{hit.phrase}」→ {hit.advice}" for hit in hits)
        super().__init__(fields={field: detail})

    def as_dict(self) -> dict:
        body = super().as_dict()
        body["error"]["hits"] = [{**hit.as_dict(), "field": self.field} for hit in self.hits]
        return body


def check_text(text: str) -> list[guard.Hit]:
    if len(text) > MAX_CHECK:
        raise InvalidInput(
            _("The text is too long to check (at most %(max)s characters).") % {"max": MAX_CHECK},
            fields={"text": _("At most %(max)s characters.") % {"max": MAX_CHECK}},
        )
    return guard.find(text)


def guard_customer_text(text: str, *, field: str, actor: Staff, ticket=None, override_reason: str = "") -> None:
    """The checker core.customer_text calls (registered in StandardsConfig.ready): refuses a text
    with forbidden phrases, or records the override when a reason is given. Runs inside the
    caller's transaction, so the record and the write it allowed commit together."""
    hits = guard.find(text or "")
    if not hits:
        return
    reason = (override_reason or "").strip()
    if not reason:
        raise ForbiddenPhraseFound(field, hits)
    reason = clean_text(reason, "override_reason", max_length=500)
    row = PhraseOverride.objects.create(
        staff=actor,
        at=timezone.now(),
        ticket=ticket,
        field=field,
        text=text,
        phrases=sorted({hit.phrase for hit in hits}),
        reason=reason,
    )
    if ticket is not None:  # the QA reviewer reads it where the answer is
        record_event(ticket, OVERRIDDEN, actor=actor, at=row.at, field=field, phrases=row.phrases, reason=reason)


# ---- the manager's lists ------------------------------------------------------------------


def require_editor(actor: Staff) -> None:
    """The manager and supervisors keep the lists (the handbook is theirs to enforce)."""
    if not (actor.is_authenticated and actor.role in LEAD_ROLES):
        raise Forbidden()


def standard_texts() -> list[str]:
    """What the guard must never flag: the handbook's phrases and the library's, filled in."""
    library = [
        fill(text, SAMPLE_VALUES) for text in Phrase.objects.filter(is_active=True).values_list("text", flat=True)
    ]
    return [*HANDBOOK_STANDARD, *library]


def _entries_with(candidate: guard.Entry, replacing: int | None) -> list[guard.Entry]:
    others = ForbiddenPhrase.objects.filter(is_active=True)
    if replacing is not None:
        others = others.exclude(pk=replacing)
    return [*(guard.Entry(p.phrase, p.advice, tuple(p.allowed_list)) for p in others), candidate]


@transaction.atomic
def save_forbidden_phrase(
    *, phrase: str, advice: str, allowed: str = "", is_active: bool = True, actor: Staff, pk: int | None = None
) -> ForbiddenPhrase:
    require_editor(actor)
    phrase = clean_text(phrase, "phrase", max_length=100)
    advice = clean_text(advice, "advice", max_length=200)
    key = guard.key_of(phrase)
    if not key:
        raise InvalidInput(
            _("A phrase needs at least one letter or character."), fields={"phrase": _("Only punctuation.")}
        )
    lines = [line.strip() for line in (allowed or "").splitlines() if line.strip()]
    for line in lines:
        if key not in guard.key_of(line) or guard.key_of(line) == key:
            raise InvalidInput(
                _("Each allowed context must be a longer phrase containing 「%(phrase)s」: 「%(line)s」.")
                % {"phrase": phrase, "line": line[:50]},
                fields={"allowed": _("Must contain the phrase.")},
            )
    clash = ForbiddenPhrase.objects.filter(key=key).exclude(pk=pk).first()
    if clash is not None:
        raise Conflict(
            _("「%(phrase)s」 is already on the list.") % {"phrase": clash.phrase},
            fields={"phrase": _("Already listed.")},
        )
    if is_active:
        matcher = guard.Matcher([guard.Entry(phrase, advice, tuple(lines))])
        for text in standard_texts():
            if matcher.scan(text):
                raise InvalidInput(
                    _(
                        "「%(phrase)s」 would flag the standard phrase 「%(text)s」. Make it longer or add an allowed context."
                    )
                    % {"phrase": phrase, "text": text},
                    fields={"phrase": _("Flags a standard phrase.")},
                )
    row = ForbiddenPhrase.objects.select_for_update().filter(pk=pk).first() if pk is not None else ForbiddenPhrase()
    if row is None:
        raise NotFound()
    row.phrase, row.key, row.advice, row.allowed = phrase, key, advice, "\n".join(lines)
    row.is_active = is_active
    row.updated_at = timezone.now()
    row.updated_by = actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same phrase saved at the same moment by someone else
        raise Conflict(_("「%(phrase)s」 is already on the list.") % {"phrase": phrase}) from None
    return row


@transaction.atomic
def delete_forbidden_phrase(pk: int, *, actor: Staff) -> None:
    require_editor(actor)
    deleted, _rows = ForbiddenPhrase.objects.filter(pk=pk).delete()
    if not deleted:
        raise NotFound()


@transaction.atomic
def save_phrase(
    *,
    code: str,
    situation: str,
    text: str,
    position: int = 0,
    is_active: bool = True,
    actor: Staff,
    pk: int | None = None,
) -> Phrase:
    require_editor(actor)
    errors = {}
    code = (code or "").strip().lower()
    if not code or len(code) > 30 or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        errors["code"] = _("Use 1-30 letters, digits, - or _.")
    if situation not in Situation.values:
        errors["situation"] = _("Unknown situation.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Required.")
    elif len(text) > 500:
        errors["text"] = _("At most %(max)s characters.") % {"max": 500}
    elif unknown := unknown_variables(text):
        errors["text"] = _("Unknown variables: %(names)s.") % {"names": ", ".join(unknown)}
    if errors:
        raise InvalidInput(_("Please correct the marked fields."), fields=errors)
    hits = guard.find(fill(text, SAMPLE_VALUES))
    if hits:
        raise ForbiddenPhraseFound("text", hits)
    row = Phrase.objects.select_for_update().filter(pk=pk).first() if pk is not None else Phrase()
    if row is None:
        raise NotFound()
    if Phrase.objects.filter(code=code).exclude(pk=row.pk).exists():
        raise Conflict(_("The short code %(code)s is taken.") % {"code": code}, fields={"code": _("Taken.")})
    row.code, row.situation, row.text = code, situation, text
    row.position = max(0, min(int(position or 0), 32000))
    row.is_active = is_active
    row.updated_at = timezone.now()
    row.updated_by = actor
    row.save()
    return row


@transaction.atomic
def delete_phrase(pk: int, *, actor: Staff) -> None:
    require_editor(actor)
    deleted, _rows = Phrase.objects.filter(pk=pk).delete()
    if not deleted:
        raise NotFound()
