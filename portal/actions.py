"""What the portal does, in plain functions: record a request, find one by number and phone
digits, and take the customer's rating. The views only parse and render."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Staff
from core.errors import Conflict, DomainError, InvalidInput, NotFound
from core.phones import is_valid_phone, normalize_phone
from core.photos import EXTENSIONS, photo_type
from core.text import clean_text
from notifications.events import alert_desk
from notifications.models import Channel as NotificationChannel
from notifications.services import notify, staff_messages
from portal.models import Photo, Rating
from tickets.actions import Contact, create_ticket
from tickets.models import EventKind, Status, Ticket
from tickets.timeline import record_event
from tickets.vocabulary import Category, Channel

# What a customer may ask for online; emergencies go to the hotline (the page says so).
PORTAL_CATEGORIES = (
    Category.REPAIR,
    Category.CONSULTATION,
    Category.COMPLAINT,
    Category.SUGGESTION,
    Category.HELP,
    Category.SERVICE_REQUEST,
    Category.PRAISE,
)


# The first bytes of each accepted image type: the browser's Content-Type is the sender's claim.
class PortalUnavailable(DomainError):
    status = 503
    code = "portal_unavailable"
    default_message = _("Online requests are not available right now. Please call our hotline.")


def portal_owner() -> Staff:
    """Who owns online requests (首问负责): KEFU_PORTAL_OWNER, else the first supervisor or manager."""
    qs = Staff.objects.filter(is_active=True)
    if settings.KEFU_PORTAL_OWNER:
        owner = qs.filter(username=settings.KEFU_PORTAL_OWNER).first()
    else:
        owner = (
            qs.filter(role=Role.SUPERVISOR).order_by("work_number").first()
            or qs.filter(role=Role.MANAGER).order_by("work_number").first()
        )
    if owner is None or not owner.takes_requests:
        raise PortalUnavailable()
    return owner


def submit_request(
    *, category: str, content: str, name: str, phone: str, address: str, photo: UploadedFile | None = None
) -> Ticket:
    if category not in PORTAL_CATEGORIES:
        raise InvalidInput(_("Choose what your request is about."), fields={"category": _("Required.")})
    number = normalize_phone(phone)
    if not number or not is_valid_phone(number):
        raise InvalidInput(_("Please give a phone number we can call."), fields={"phone": _("Not a phone number.")})
    name = clean_text(name, "contact.name", max_length=50)
    address = clean_text(address, "contact.address", max_length=200)
    content_type = photo_type(photo) if photo else None
    ticket = create_ticket(
        actor=portal_owner(),
        category=category,
        channel=Channel.ONLINE,
        content=content,
        contact=Contact(name=name, phone=number, address=address),
        self_service=True,
    )
    # Its dispatch promise is minutes away: the desk hears of it now, not at the first refresh.
    alert_desk(ticket)
    if photo:
        # The stored name is ours, its extension the one the content showed: the customer's file
        # name (say "x.html" holding a PNG header) never decides how the file is served.
        photo.name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
        Photo.objects.create(ticket=ticket, file=photo, content_type=content_type, size=photo.size)
    return ticket


def find_ticket(number: str, last_four: str) -> Ticket:
    """The ticket when the number and the last four digits of its phone match; otherwise the same
    NotFound whether the number is unknown or the digits are wrong, so nothing is revealed."""
    number = (number or "").strip().upper()[:24]
    digits = (last_four or "").strip()
    if len(digits) != 4 or not digits.isdigit() or not number:
        raise NotFound(_("No request matches this number and these digits."))
    ticket = Ticket.objects.select_related("department").filter(number=number).first()
    if ticket is None or len(ticket.contact_phone) < 4 or ticket.contact_phone[-4:] != digits:
        raise NotFound(_("No request matches this number and these digits."))
    return ticket


# The steps a customer sees, with what they may read of each: no notes, no staff names or phones.
PUBLIC_EVENTS = {
    EventKind.CREATED: _("Request received"),
    EventKind.DISPATCHED: _("Passed to the department responsible"),
    EventKind.ACCEPTED: _("The department has taken it on"),
    EventKind.STARTED: _("Work started"),
    EventKind.RESOLVED: _("Work completed"),
    EventKind.ANSWERED: _("Answered"),
    EventKind.HELD: _("Waiting (for parts or an appointment)"),
    EventKind.RESUMED: _("Work resumed"),
    EventKind.REOPENED: _("Reopened for more work"),
    EventKind.CLOSED: _("Closed"),
}


@dataclass
class Step:
    at: object
    text: str


def public_progress(ticket: Ticket) -> list[Step]:
    events = ticket.events.filter(kind__in=list(PUBLIC_EVENTS)).order_by("at", "id").only("kind", "at")
    return [Step(at=e.at, text=str(PUBLIC_EVENTS[e.kind])) for e in events]


def can_rate(ticket: Ticket) -> bool:
    return ticket.status in (Status.RESOLVED, Status.CLOSED) and not Rating.objects.filter(ticket=ticket).exists()


@transaction.atomic
def rate_ticket(ticket: Ticket, *, score, comment: str = "") -> Rating:
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise InvalidInput(_("Choose from 1 to 5 stars."), fields={"score": _("From 1 to 5.")})
    comment = clean_text(comment, "note", required=False, max_length=500)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise Conflict(_("The work can be rated once it is completed."))
    if Rating.objects.filter(ticket=ticket).exists():
        raise Conflict(_("This request has already been rated. Thank you!"))
    now = timezone.now()
    rating = Rating.objects.create(ticket=ticket, score=value, comment=comment, rated_at=now)
    event = record_event(ticket, EventKind.RATED, actor=None, at=now, score=value, comment=comment, source="portal")
    if value <= LOW_RATING:
        _tell_about_low_rating(ticket, event, value, comment)
    return rating


# A customer who gives one or two stars is unhappy now, days before any callback would find out:
# the owner (首问负责人), the owner's supervisor and the head of the department that did the work
# hear of it at once, in their inbox and by e-mail.
LOW_RATING = 2


def _tell_about_low_rating(ticket: Ticket, event, score: int, comment: str) -> None:
    owner = ticket.owner
    people = [owner, owner.superior, ticket.department.head if ticket.department else None]
    unique = list({person.pk: person for person in people if person is not None and person.is_active}.values())
    params = {"number": ticket.number, "address": ticket.contact_address, "score": score, "comment": comment or "—"}
    notify(
        staff_messages(
            unique,
            "low_rating",
            params,
            channels=(NotificationChannel.INAPP, NotificationChannel.EMAIL),
            ticket=ticket,
            caused_by=event,
            now=event.at,
        )
    )
