"""The demo company's service language: the handbooks' forbidden phrases and phrase library.
Migration 0002 loads the same on every installation; this puts back what a flushed database
(a browser test) lost, and leaves what is there."""

from django.utils import timezone

from standards.guard import key_of
from standards.handbook import FORBIDDEN, LIBRARY
from standards.models import ForbiddenPhrase, Phrase


def seed_standards() -> None:
    now = timezone.now()
    keys = set(ForbiddenPhrase.objects.values_list("key", flat=True))
    ForbiddenPhrase.objects.bulk_create(
        [
            ForbiddenPhrase(
                phrase=phrase, key=key_of(phrase), advice=advice, allowed="\n".join(allowed), updated_at=now
            )
            for phrase, advice, allowed in FORBIDDEN
            if key_of(phrase) not in keys
        ]
    )
    codes = set(Phrase.objects.values_list("code", flat=True))
    Phrase.objects.bulk_create(
        [
            Phrase(code=code, situation=situation, text=text, position=n, updated_at=now)
            for n, (code, situation, text) in enumerate(LIBRARY)
            if code not in codes
        ]
    )
