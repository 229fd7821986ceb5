"""What fieldwork adds to the ticket page (through tickets.views.detail.PANELS)."""

from fieldwork.actions import may_add_photos
from fieldwork.models import CompletionPhoto


def completion_panel(request, ticket) -> dict:
    return {
        "template": "fieldwork/panel.html",
        "photos": list(CompletionPhoto.objects.filter(ticket=ticket)),
        "may_add": may_add_photos(ticket, request.user),
    }
