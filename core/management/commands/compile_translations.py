from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs() -> list[Path]:
    """The project's catalogue (LOCALE_PATHS) and each app's own `locale/`: an app keeps its
    strings beside its code, so apps built side by side never edit one shared file."""
    dirs = [Path(d) for d in settings.LOCALE_PATHS]
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale"
        if path.is_dir() and base in path.parents:
            dirs.append(path)
    return dirs


class Command(BaseCommand):
    """Compile the .po catalogues to .mo with polib: no gettext binaries needed to run."""

    help = "Compile the translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        for locale_dir in catalogue_dirs():
            for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                self.stdout.write(f"compiled {po_path}")
