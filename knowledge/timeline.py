"""The timeline's words for charges (registered in KnowledgeConfig.ready)."""

from django.utils.translation import gettext as _

from knowledge.actions import CHARGED
from tickets.timeline import formatter


@formatter(CHARGED)
def _charged(event):
    d = event.data
    return _("Item recorded: %(name)s × %(quantity)s %(unit)s at ¥%(price)s = ¥%(amount)s") % {
        "name": d.get("name", ""),
        "quantity": d.get("quantity", ""),
        "unit": d.get("unit", ""),
        "price": d.get("unit_price", ""),
        "amount": d.get("amount", ""),
    }


@formatter("charge_removed")
def _removed(event):
    d = event.data
    return _("Item removed: %(name)s (¥%(amount)s)") % {"name": d.get("name", ""), "amount": d.get("amount", "")}
