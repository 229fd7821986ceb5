"""The session's user is read with their department in one query (accounts.backends.StaffBackend):
every page's top bar names it."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from accounts.backends import StaffBackend


def test_the_user_comes_with_their_department(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = StaffBackend().get_user(world.engineer.pk)
        assert user.department.name == "工程部"


def test_a_user_without_a_department_or_gone_inactive(world):
    assert StaffBackend().get_user(world.admin.pk).department is None
    world.agent.is_active = False
    world.agent.save(update_fields=["is_active"])
    assert StaffBackend().get_user(world.agent.pk) is None


def test_a_password_login_keeps_its_session_through_staff_backend(client, world):
    world.agent.set_password("s3cret-pass")
    world.agent.save()
    client.post(reverse("login"), {"username": "agent", "password": "s3cret-pass"})
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.StaffBackend"
    assert client.get(reverse("my-tickets")).status_code == 200


def test_a_session_opened_through_djangos_backend_before_still_holds(client, world):
    client.force_login(world.agent, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("my-tickets"))
    assert page.status_code == 200
    assert 'data-user="agent"' in page.content.decode()
