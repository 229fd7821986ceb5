"""`manage.py createsuperuser --noinput` works as in any Django project (API.md, operating)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Role, Staff


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "root")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-admin-pass-2026")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@example.com")


def test_it_creates_the_first_admin_from_the_environment(db, superuser_env):
    call_command("createsuperuser", interactive=False, stdout=StringIO())
    admin = Staff.objects.get(username="root")
    # the admin role and a unique work number, derived from the username
    assert (admin.role, admin.work_number, admin.name, admin.email) == (
        Role.ADMIN,
        "ADM-root",
        "root",
        "root@example.com",
    )
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.check_password("first-admin-pass-2026")


def test_the_first_admin_can_log_in_and_open_the_admin(db, superuser_env):
    call_command("createsuperuser", interactive=False, stdout=StringIO())
    client = Client()
    assert client.login(username="root", password="first-admin-pass-2026")
    assert client.get("/admin/").status_code == 200


def test_a_second_run_with_the_same_username_is_refused(db, superuser_env):
    call_command("createsuperuser", interactive=False, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("createsuperuser", interactive=False, stdout=StringIO(), stderr=StringIO())
    assert Staff.objects.count() == 1
