"""Django's `{# … #}` comment ends at the end of its line: one spread over several lines is printed
to the user verbatim (it happened on the board). Multi-line comments take {% comment %}."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "var", "staticfiles", "node_modules", "bench", ".git"}


def _templates():
    for path in ROOT.rglob("*.html"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def test_no_comment_tag_spans_lines():
    unclosed = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\{#(?!.*#\})", line):
                unclosed.append(f"{path.relative_to(ROOT)}:{number}")
    assert not unclosed, f"{{# … #}} must close on its own line; use {{% comment %}}: {unclosed}"


def test_templates_are_found():
    assert len(list(_templates())) > 20
