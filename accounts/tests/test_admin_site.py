import pytest


@pytest.mark.django_db
def test_admin_role_reaches_configuration(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/deadlines/commitmentpolicy/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["manager", "supervisor", "agent", "engineer", "qa"])
def test_other_roles_are_kept_out_of_the_admin_even_with_staff_flag(client, world, persona):
    # given someone who is not an administrator, but whose account carries Django's staff flags
    user = getattr(world, persona)
    user.is_staff = True
    user.is_superuser = True
    user.save()
    client.force_login(user)
    # when they open the admin, then they get the admin login page, not the configuration
    response = client.get("/admin/deadlines/commitmentpolicy/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_createsuperuser_noinput_makes_an_admin_with_a_work_number(monkeypatch):
    from django.core.management import call_command

    from accounts.models import Role, Staff

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-secret-9")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.com", verbosity=0)
    user = Staff.objects.get(username="root")
    assert user.role == Role.ADMIN
    assert user.work_number == "ADM-root"
    assert user.check_password("a-long-secret-9")
