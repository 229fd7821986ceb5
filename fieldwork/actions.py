"""Completion on site (B4): the engineer adds photos of the finished work to the ticket."""

import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff
from core.errors import Conflict, Forbidden, InvalidInput
from core.photos import EXTENSIONS, photo_type
from fieldwork.models import CompletionPhoto
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event

# The work is being done or has just been done; a closed ticket's record is final.
PHOTO_STATUSES = (Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED)


def may_add_photos(ticket: Ticket, user: Staff) -> bool:
    """The department doing the work (its engineers and head), while the work is on."""
    return (
        ticket.status in PHOTO_STATUSES
        and ticket.department_id is not None
        and user.department_id == ticket.department_id
    )


@transaction.atomic
def add_completion_photos(ticket: Ticket, *, photos: list[UploadedFile], actor: Staff) -> list[CompletionPhoto]:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in PHOTO_STATUSES:
        raise Conflict(_("Photos are added while the work is on or just done."))
    if not may_add_photos(ticket, actor):
        raise Forbidden()
    if not photos:
        raise InvalidInput(_("Choose at least one photo."), fields={"photos": _("Required.")})
    already = CompletionPhoto.objects.filter(ticket=ticket).count()
    limit = settings.KEFU_COMPLETION_PHOTOS_MAX
    if already + len(photos) > limit:
        raise InvalidInput(
            _("At most %(max)s photos per ticket.") % {"max": limit}, fields={"photos": _("Too many photos.")}
        )
    types = [photo_type(photo, field="photos") for photo in photos]  # every one checked before any is kept
    now = timezone.now()
    kept = []
    for photo, content_type in zip(photos, types, strict=True):
        # Our own name, with the extension the content showed: the uploaded name never decides
        # how the file is served.
        photo.name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
        kept.append(
            CompletionPhoto.objects.create(
                ticket=ticket,
                file=photo,
                content_type=content_type,
                size=photo.size,
                uploaded_by=actor,
                uploaded_at=now,
            )
        )
    record_event(ticket, EventKind.PHOTOS_ADDED, actor=actor, at=now, count=len(kept))
    return kept
