"""Reads of the phrase library: filled in for the person and request at hand."""

from standards.models import SCRIPT_SITUATIONS, Phrase, Situation
from standards.phrases import fill, fill_marked, values_for


def filled_phrases(actor, *, ticket=None, situation: str | None = None, values: dict | None = None) -> list[dict]:
    """`values`: values_for(actor, ticket), when the caller has them already."""
    if values is None:
        values = values_for(actor, ticket)
    qs = Phrase.objects.filter(is_active=True)
    if situation:
        qs = qs.filter(situation=situation)
    return [
        {
            "id": p.pk,
            "code": p.code,
            "situation": p.situation,
            "situation_label": Situation(p.situation).label if p.situation in Situation.values else p.situation,
            "template": p.text,
            "text": fill(p.text, values),
        }
        for p in qs.order_by("situation", "position", "code")
    ]


def call_scripts(actor, *, ticket=None) -> list[tuple[str, list[dict]]]:
    """The intake screen's scripts (E2, J2): greeting, identity check, closing — in call order.
    Each line's `html` marks the honorific, which the screen fills in once the caller is picked."""
    values = values_for(actor, ticket)
    phrases = filled_phrases(actor, ticket=ticket, values=values)
    for p in phrases:
        p["html"] = fill_marked(p["template"], values, "honorific")
    return [
        (Situation(situation).label, [p for p in phrases if p["situation"] == situation])
        for situation in SCRIPT_SITUATIONS
    ]
