"""The demo company's service language: the handbooks' forbidden phrases and phrase library."""

from django.utils import timezone

from standards.guard import key_of
from standards.handbook import FORBIDDEN, LIBRARY
from standards.models import ForbiddenPhrase, Phrase


def seed_standards() -> None:
    now = timezone.now()
    ForbiddenPhrase.objects.bulk_create(
        [
            ForbiddenPhrase(
                phrase=phrase, key=key_of(phrase), advice=advice, allowed="\n".join(allowed), updated_at=now
            )
            for phrase, advice, allowed in FORBIDDEN
        ]
    )
    Phrase.objects.bulk_create(
        [
            Phrase(code=code, situation=situation, text=text, position=n, updated_at=now)
            for n, (code, situation, text) in enumerate(LIBRARY)
        ]
    )
