"""Chinese first: every user-facing string has its Chinese translation (STYLE.md: a test fails on
an untranslated string). We extract the messages from a copy of the sources, exactly as
`makemessages` would, so a new string without a translation fails here, not in front of a user."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
CATALOGUE = Path("zh_Hans") / "LC_MESSAGES" / "django.po"
SKIP = {
    ".venv",
    "var",
    ".git",
    "staticfiles",
    "node_modules",
    "bench",
    "test-artifacts",
    ".pytest_cache",
    ".ruff_cache",
}


def _copy_sources(target: Path) -> None:
    for entry in ROOT.iterdir():
        if entry.name in SKIP or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(entry, target / entry.name)


def catalogues(root: Path) -> list[Path]:
    """The project's catalogue and every app's own (an app with a `locale/` keeps its strings there)."""
    found = [root / "locale" / CATALOGUE]
    found += sorted(p / CATALOGUE for p in root.glob("*/locale") if (p / CATALOGUE).exists())
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed; `make test` installs it (scripts/install-system-deps)")
    work = tmp_path_factory.mktemp("i18n")
    _copy_sources(work)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=work,
        check=True,
        env={"PATH": "/usr/bin:/bin", "KEFU_VAR_DIR": str(work / "var"), "DJANGO_SETTINGS_MODULE": "kefu.settings"},
    )
    return {str(path.relative_to(work)): polib.pofile(str(path)) for path in catalogues(work)}


def test_every_message_has_a_chinese_translation(extracted):
    missing = [e.msgid for po in extracted.values() for e in po if not e.obsolete and not e.translated()]
    assert not missing, (
        f"{len(missing)} untranslated messages; run makemessages -l zh_Hans and translate: {missing[:20]}"
    )


def test_no_fuzzy_translations(extracted):
    fuzzy = [e.msgid for po in extracted.values() for e in po if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy (guessed) translations need a human check: {fuzzy[:20]}"


def test_the_committed_catalogues_are_current(extracted):
    for name, po in extracted.items():
        committed_path = ROOT / name
        assert committed_path.exists(), f"commit {name} (run makemessages -l zh_Hans)"
        committed = {entry.msgid for entry in polib.pofile(str(committed_path)) if not entry.obsolete}
        new = sorted({entry.msgid for entry in po} - committed)
        assert not new, f"{name}: run makemessages -l zh_Hans: {new[:20]}"


def test_chinese_is_the_default_and_english_switches():
    from tickets.vocabulary import Status

    with translation.override(settings.LANGUAGE_CODE):
        assert str(Status.RESOLVED.label) == "已办结(待回访)"
    with translation.override("en"):
        assert str(Status.RESOLVED.label) == "Resolved (awaiting callback)"
