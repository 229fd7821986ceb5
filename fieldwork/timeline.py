"""Timeline wording of fieldwork's events (registered with tickets.timeline in FieldworkConfig.ready)."""

from django.utils.translation import ngettext

from tickets.models import EventKind
from tickets.timeline import formatter


@formatter(EventKind.PHOTOS_ADDED)
def _photos(event):
    count = int(event.data.get("count") or 0)
    return ngettext(
        "Added %(count)s photo of the finished work", "Added %(count)s photos of the finished work", count
    ) % {"count": count}
