"""The customer's own history worded at display time (codes and data are stored, F1)."""

from django.utils.translation import gettext as _

from core.phones import mask_phone
from customers.models import ChangeKind, CustomerChange, Gender, Grade, format_address


def field_label(field: str) -> str:
    return {
        "name": _("Name"),
        "surname": _("Surname"),
        "gender": _("Gender"),
        "grade": _("Grade"),
        "type": _("Customer type"),
        "phones": _("Phone"),
        "premises": _("Premises"),
        "note": _("Note"),
    }.get(field, field)


def value_text(field: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if field == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    if field == "grade":
        return str(Grade(value).label) if value in Grade.values else str(value)
    if field == "phones":
        return _(", ").join(mask_phone(n) for n in value)
    if field == "premises":
        return "；".join(format_address(p["community"], p["building"], p["unit"], p["room"]) for p in value)
    return str(value)


def describe(change: CustomerChange) -> dict:
    """{"what", "old", "new"} for one row of the history panel."""
    if change.kind == ChangeKind.EDITED:
        return {
            "what": field_label(change.field),
            "old": value_text(change.field, change.old),
            "new": value_text(change.field, change.new),
        }
    data = change.new or {}
    if change.kind == ChangeKind.MERGED:
        what = _("Record #%(id)s (%(name)s) merged into this one") % {
            "id": data.get("customer"),
            "name": data.get("name"),
        }
    elif change.kind == ChangeKind.ABSORBED:
        what = _("Merged into record #%(id)s (%(name)s)") % {"id": data.get("customer"), "name": data.get("name")}
    elif change.kind == ChangeKind.MERGE_UNDONE:
        what = _("Merge of #%(absorbed)s into #%(survivor)s undone") % data
    else:
        what = _("Imported from %(file)s, row %(row)s") % {"file": data.get("file", ""), "row": data.get("row", "")}
    return {"what": what, "old": "", "new": ""}
