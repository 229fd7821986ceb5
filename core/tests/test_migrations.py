"""A model change without its migration would pass every test (the test database is built from the
models' migrations) and break the first `make run` on an existing database. This catches it."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:  # --check exits 1 when a migration is missing
        pytest.fail(f"missing migrations (run manage.py makemigrations):\n{out.getvalue()} {exit}")
