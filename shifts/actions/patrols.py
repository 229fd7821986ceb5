"""工作日志 and 巡视 (H2): a person's daily log, patrol records, a hazard made a ticket."""

import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import INTAKE_ROLES, Staff
from core.errors import Conflict, Forbidden, InvalidInput
from core.text import clean_text
from customers.models import Area
from shifts.models import Hazard, Patrol, WorkLog
from tickets.actions import Contact, create_ticket
from tickets.models import Category, Channel, Ticket

# The same check as the portal's photos: the content decides the type, never the file's name.
_SIGNATURES = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/webp": (b"RIFF",)}
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def _require_staff(actor: Staff) -> None:
    if actor.role not in INTAKE_ROLES:
        raise Forbidden(_("Only customer-service staff keep work logs and patrols."))


@transaction.atomic
def save_work_log(*, actor: Staff, day: date, text: str, now: datetime | None = None) -> WorkLog:
    _require_staff(actor)
    now = now or timezone.now()
    if day > timezone.localdate(now):
        raise InvalidInput(_("A work log is for today or a past day."), fields={"day": _("In the future.")})
    text = clean_text(text, "text", max_length=5000)
    log, _created = WorkLog.objects.update_or_create(staff=actor, day=day, defaults={"text": text, "updated_at": now})
    return log


def _photo_type(photo: UploadedFile) -> str:
    if photo.size > settings.KEFU_PORTAL_PHOTO_MAX_BYTES:
        raise InvalidInput(_("The photo is too large."), fields={"photo": _("Too large.")})
    head = photo.read(16)
    photo.seek(0)
    for content_type, signatures in _SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            if content_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return content_type
    raise InvalidInput(_("Send a JPEG, PNG or WebP photo."), fields={"photo": _("Not a photo.")})


@transaction.atomic
def record_patrol(
    *,
    actor: Staff,
    area: Area,
    route: str,
    started_at: datetime,
    ended_at: datetime | None = None,
    result: str = "",
    hazards: list[dict] | None = None,
) -> Patrol:
    """One patrol with the hazards found: each {description, place, told, photo (optional)}."""
    _require_staff(actor)
    route = clean_text(route, "route", max_length=200)
    result = clean_text(result, "result", required=False)
    if ended_at is not None and ended_at < started_at:
        raise InvalidInput(_("A patrol ends after it starts."), fields={"ended_at": _("Before the start.")})
    checked = []
    for hazard in hazards or []:
        description = clean_text(hazard.get("description"), "description")
        photo = hazard.get("photo")
        checked.append(
            {
                "description": description,
                "place": clean_text(hazard.get("place"), "place", required=False, max_length=100),
                "told": clean_text(hazard.get("told"), "told", required=False, max_length=200),
                "photo": photo,
                "photo_type": _photo_type(photo) if photo else "",
            }
        )
    patrol = Patrol.objects.create(
        staff=actor, area=area, route=route, started_at=started_at, ended_at=ended_at, result=result
    )
    for hazard in checked:
        photo = hazard.pop("photo")
        row = Hazard(patrol=patrol, **hazard)
        if photo:
            photo.name = f"{uuid.uuid4().hex}.{_EXTENSIONS[hazard['photo_type']]}"
            row.photo = photo
        row.save()
    return patrol


@transaction.atomic
def hazard_to_ticket(hazard: Hazard, *, actor: Staff, phone: str = "") -> Ticket:
    """A hazard found on patrol becomes a repair ticket in one step, through the real intake;
    the contact is the person who found it (their phone unless another is given)."""
    hazard = Hazard.objects.select_for_update().select_related("patrol__area").get(pk=hazard.pk)
    if hazard.ticket_id:
        raise Conflict(_("This hazard is a ticket already."), code="hazard_ticketed")
    where = hazard.place or hazard.patrol.area.name
    ticket = create_ticket(
        actor=actor,
        category=Category.REPAIR,
        channel=Channel.WALK_IN,
        content=f"{hazard.description}（{where}）",
        contact=Contact(name=actor.display_name, phone=phone or actor.phone, address=where),
    )
    hazard.ticket = ticket
    hazard.save(update_fields=["ticket"])
    return ticket
