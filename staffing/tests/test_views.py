"""The staff screen: add a joiner, change a person, deactivate a leaver and hand over their work."""

from django.urls import reverse

from accounts.models import ApiToken, Staff
from tickets.models import EventKind


def test_the_manager_sees_the_staff_and_adds_a_joiner(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("staff-list"))
    assert page.status_code == 200
    assert 'data-staff="agent"' in page.content.decode()

    response = client.post(
        reverse("staff-list"),
        {
            "name": "李娜",
            "work_number": "KF103",
            "username": "lina",
            "password": "Kefu-2026-secret",
            "role": "agent",
            "department": "cs",
            "superior": "supervisor",
            "phone": "",
        },
    )

    assert response.status_code == 302
    assert Staff.objects.get(username="lina").superior == world.supervisor


def test_a_bad_joiner_is_refused_in_chinese(client, world):
    client.force_login(world.manager)

    response = client.post(reverse("staff-list"), {"name": "", "username": "x", "work_number": "!", "role": "agent"})

    assert response.status_code == 400
    assert "请修改标出的字段" in response.content.decode()
    assert not Staff.objects.filter(username="x").exists()


def test_deactivate_then_hand_over_the_leavers_ticket(client, world, make_ticket):
    ticket = make_ticket()
    ApiToken.issue(world.agent)
    client.force_login(world.manager)

    client.post(reverse("staff-edit", args=["agent"]), {"is_active": "false"})

    page = client.get(reverse("staff-edit", args=["agent"])).content.decode()
    assert f'data-ref="{ticket.number}"' in page
    assert not ApiToken.objects.filter(user=world.agent).exists()
    response = client.post(
        reverse("staff-reassign", args=["agent"]), {"kind": "ticket_owned", "ref": ticket.number, "to": "agent2"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.owner == world.agent2
    assert ticket.events.filter(kind=EventKind.TRANSFERRED).exists()


def test_edit_changes_role_and_superior(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("staff-edit", args=["agent"]),
        {"name": "孙丽", "role": "steward", "department": "cs", "superior": "manager", "phone": ""},
    )

    assert response.status_code == 302
    world.agent.refresh_from_db()
    assert (world.agent.role, world.agent.superior) == ("steward", world.manager)


def test_agents_have_no_staff_screen(client, world):
    client.force_login(world.agent)

    assert client.get(reverse("staff-list")).status_code == 403
    assert client.post(reverse("staff-edit", args=["agent2"]), {"is_active": "false"}).status_code == 403
    assert Staff.objects.get(username="agent2").is_active
