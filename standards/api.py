"""Service-language API (API.md: POST language/check), and the phrase lists behind it."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.schemas import StrictIn, Text, bounded_list, reject_unknown_params
from standards import actions
from standards.actions import MAX_CHECK
from standards.models import ForbiddenPhrase
from standards.selectors import filled_phrases
from tickets.access import get_ticket_for_staff

router = Router()


class CheckIn(StrictIn):
    text: Text(MAX_CHECK, min_length=1)


class HitOut(Schema):
    phrase: str
    start: int = Field(description="Index of the first character of the hit in `text`.")
    end: int = Field(description="One past the last character.")
    advice: str


class CheckOut(Schema):
    ok: bool
    hits: list[HitOut]


class PhraseQuery(Schema):
    ticket: str | None = Field(None, description="Fill the variables for this ticket (number).")
    situation: str | None = None


class PhraseOut(Schema):
    id: int
    code: str
    situation: str
    template: str
    text: str = Field(description="The template with the variables filled in for the caller (and ticket).")


class PhraseIn(StrictIn):
    code: Text(30, min_length=1)
    situation: Text(20, min_length=1)
    text: Text(500, min_length=1)
    position: int = Field(0, ge=0, le=32000)
    is_active: bool = True


class ForbiddenIn(StrictIn):
    phrase: Text(100, min_length=1)
    advice: Text(200, min_length=1)
    allowed: bounded_list(Text(200, min_length=1), max_length=50) = []
    is_active: bool = True


class ForbiddenOut(Schema):
    id: int
    phrase: str
    advice: str
    allowed: list[str]
    is_active: bool

    @staticmethod
    def resolve_allowed(obj: ForbiddenPhrase) -> list[str]:
        return obj.allowed_list


@router.post("/check", response=CheckOut, summary="Check a text for forbidden phrases (禁忌用语)")
def language_check(request: HttpRequest, payload: CheckIn):
    hits = actions.check_text(payload.text)
    return {"ok": not hits, "hits": [hit.as_dict() for hit in hits]}


@router.get("/phrases", response=list[PhraseOut], summary="Standard phrases, filled in for the caller")
def phrase_list(request: HttpRequest, filters: Query[PhraseQuery]):
    reject_unknown_params(request, PhraseQuery)
    ticket = get_ticket_for_staff(request.auth, filters.ticket) if filters.ticket else None
    return filled_phrases(request.auth, ticket=ticket, situation=filters.situation)


@router.post("/phrases", response={201: PhraseOut}, summary="Add a standard phrase (manager, supervisor)")
def phrase_create(request: HttpRequest, payload: PhraseIn):
    row = actions.save_phrase(**payload.model_dump(), actor=request.auth)
    return 201, {"id": row.pk, "code": row.code, "situation": row.situation, "template": row.text, "text": row.text}


@router.put("/phrases/{int:phrase_id}", response=PhraseOut, summary="Change a standard phrase")
def phrase_update(request: HttpRequest, phrase_id: int, payload: PhraseIn):
    row = actions.save_phrase(**payload.model_dump(), actor=request.auth, pk=phrase_id)
    return {"id": row.pk, "code": row.code, "situation": row.situation, "template": row.text, "text": row.text}


@router.delete("/phrases/{int:phrase_id}", response={204: None}, summary="Remove a standard phrase")
def phrase_delete(request: HttpRequest, phrase_id: int):
    actions.delete_phrase(phrase_id, actor=request.auth)
    return 204, None


@router.get("/forbidden", response=list[ForbiddenOut], summary="The forbidden phrases with their advice")
def forbidden_list(request: HttpRequest):
    return list(ForbiddenPhrase.objects.order_by("phrase"))


@router.post("/forbidden", response={201: ForbiddenOut}, summary="Add a forbidden phrase (manager, supervisor)")
def forbidden_create(request: HttpRequest, payload: ForbiddenIn):
    data = payload.model_dump()
    data["allowed"] = "\n".join(data["allowed"])
    return 201, actions.save_forbidden_phrase(**data, actor=request.auth)


@router.put("/forbidden/{int:phrase_id}", response=ForbiddenOut, summary="Change a forbidden phrase")
def forbidden_update(request: HttpRequest, phrase_id: int, payload: ForbiddenIn):
    data = payload.model_dump()
    data["allowed"] = "\n".join(data["allowed"])
    return actions.save_forbidden_phrase(**data, actor=request.auth, pk=phrase_id)


@router.delete("/forbidden/{int:phrase_id}", response={204: None}, summary="Remove a forbidden phrase")
def forbidden_delete(request: HttpRequest, phrase_id: int):
    actions.delete_forbidden_phrase(phrase_id, actor=request.auth)
    return 204, None
