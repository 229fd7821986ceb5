"""The words of handover items, made when shown (items store codes and data)."""

from django.utils.translation import gettext as _

from deadlines.models import DeadlineKind
from registers.models import Kind as RegisterKind
from shifts.models import HandoverItem, ItemKind
from tickets.models import Category, Status, choice_label
from tickets.timeline import local_minute


def item_summary(item: HandoverItem) -> str:
    d = item.data
    if item.kind == ItemKind.TICKET:
        category = choice_label(Category, d.get("category", ""))
        status = choice_label(Status, d.get("status", ""))
        return f"{item.ref} {category} [{status}] {d.get('content', '')}"
    if item.kind == ItemKind.PROMISE:
        return _("%(number)s: %(step)s due %(due)s") % {
            "number": item.ref,
            "step": choice_label(DeadlineKind, d.get("deadline", "")),
            "due": local_minute(d.get("due_at")),
        }
    if item.kind == ItemKind.REGISTER:
        parts = [choice_label(RegisterKind, d.get("register", "")), d.get("customer", ""), d.get("description", "")]
        return f"#{item.ref} " + " · ".join(p for p in parts if p)
    if item.kind == ItemKind.ALERT:
        return _("Unread alert %(number)s") % {"number": item.ref} if item.ref else _("Unread alert")
    return item.text
