"""Every installation starts with the handbook's forbidden phrases (001 第八条, with advice) and its
standard phrases as the library: the guard works from the first day, and the manager edits from
there. Rows already present (same phrase or short code) are left as they are."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from standards.guard import key_of
    from standards.handbook import FORBIDDEN, LIBRARY

    ForbiddenPhrase = apps.get_model("standards", "ForbiddenPhrase")
    Phrase = apps.get_model("standards", "Phrase")
    now = timezone.now()
    keys = set(ForbiddenPhrase.objects.values_list("key", flat=True))
    ForbiddenPhrase.objects.bulk_create(
        [
            ForbiddenPhrase(phrase=phrase, key=key_of(phrase), advice=advice, allowed="\n".join(allowed), updated_at=now)
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


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_phrases_forbidden_phrases_overrides")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
