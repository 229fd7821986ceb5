"""The ticket page: who may open it, which forms it offers, the moves, the phone reveal, notes."""

import re

import pytest
from django.urls import reverse

from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket
from tickets.models import TicketEvent

HTMX = {"HTTP_HX_REQUEST": "true"}


def offered(response) -> set[str]:
    """The moves the page offers, by their data-action marker."""
    html = response.content.decode()
    actions_panel = html.split('id="actions-title"', 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'data-action="([a-z_]+)"', actions_panel))


def page(client, ticket, **extra):
    return client.get(reverse("ticket-detail", args=[ticket.number]), **extra)


def act(client, ticket, action, htmx=True, **data):
    return client.post(reverse("ticket-action", args=[ticket.number, action]), data, **(HTMX if htmx else {}))


# ---------- who may open it ----------


def test_the_page_shows_the_request_the_customer_and_the_promises(client, world, make_ticket, customer):
    ticket = make_ticket(content="卫生间下水道堵塞")
    client.force_login(world.agent)

    response = page(client, ticket)

    assert response.status_code == 200
    html = response.content.decode()
    assert ticket.number in html and "卫生间下水道堵塞" in html
    assert customer.honorific in html
    assert "138****8000" in html and "13800138000" not in html
    assert 'data-status="new"' in html
    assert 'data-deadline="dispatch"' in html and 'data-deadline="resolve"' in html
    assert 'data-kind="created"' in html and world.agent.work_number in html


def test_field_staff_of_another_department_get_404(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.guard)

    assert page(client, ticket).status_code == 404
    assert client.get(reverse("ticket-timeline", args=[ticket.number])).status_code == 404
    assert act(client, ticket, "accept").status_code == 404
    assert client.post(reverse("ticket-reveal-phone", args=[ticket.number]), **HTMX).status_code == 404
    assert client.post(reverse("ticket-note", args=[ticket.number]), {"text": "看看"}).status_code == 404
    assert not TicketEvent.objects.filter(actor=world.guard).exists()


def test_field_staff_of_the_department_may_open_it(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.engineer)

    assert page(client, ticket).status_code == 200


def test_an_unknown_number_is_404(client, world):
    client.force_login(world.agent)

    assert client.get(reverse("ticket-detail", args=["GD20990101-0001"])).status_code == 404


# ---------- only the valid forms ----------


def test_the_owner_of_a_new_ticket_may_dispatch_or_transfer_it(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = page(client, ticket)

    assert offered(response) == {"dispatch", "transfer"}
    html = response.content.decode()
    assert world.eng.name in html  # the department choice
    assert world.agent2.work_number in html and world.engineer.work_number not in html  # customer-service owners only


def test_a_dispatched_ticket_offers_the_owner_a_re_dispatch(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.agent)

    response = page(client, ticket)

    assert "dispatch" in offered(response)
    assert "改派" in response.content.decode()


def test_the_engineer_sees_accept_on_a_dispatched_ticket_and_no_dispatch(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.engineer)

    assert offered(page(client, ticket)) == {"accept", "hold"}


def test_a_quality_inspector_only_watches(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.qa)

    response = page(client, ticket)

    assert offered(response) == set()
    assert "data-reveal-phone" not in response.content.decode()


def test_a_resolved_ticket_offers_close_and_reopen_to_the_centre(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    ticket = start_ticket(accept_ticket(ticket, actor=world.engineer), actor=world.engineer)
    resolve_ticket(ticket, result="已更换阀门", actor=world.engineer)
    client.force_login(world.agent)

    response = page(client, ticket)

    assert offered(response) == {"close", "reopen", "transfer"}
    assert "已更换阀门" in response.content.decode()


# ---------- the moves ----------


def test_the_department_works_the_ticket_through_to_resolved(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.engineer)

    for action, data, status in [
        ("accept", {}, "accepted"),
        ("start", {}, "in_progress"),
        ("resolve", {"result": "更换了水管接头"}, "resolved"),
    ]:
        response = act(client, ticket, action, **data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<html" not in html and f'data-ticket="{ticket.number}" data-status="{status}"' in html
        assert 'hx-swap-oob="true"' in html

    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.result == "更换了水管接头"
    assert [e.kind for e in ticket.events.all()] == ["created", "dispatched", "accepted", "started", "resolved"]
    assert all(e.actor == world.engineer for e in ticket.events.filter(kind__in=["accepted", "started", "resolved"]))
    assert 'data-kind="resolved"' in html  # the timeline came back with the panel


def test_without_javascript_a_move_redirects_back_with_a_message(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = act(client, ticket, "dispatch", htmx=False, department="eng", note="尽快")

    assert response.status_code == 302 and response["Location"] == reverse("ticket-detail", args=[ticket.number])
    ticket.refresh_from_db()
    assert ticket.status == "dispatched" and ticket.department == world.eng
    followed = client.get(response["Location"]).content.decode()
    assert 'class="alert alert-success"' in followed


def test_an_illegal_move_is_409_and_changes_nothing(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = act(client, ticket, "resolve", result="随便")

    assert response.status_code == 409
    assert 'data-error-code="illegal_transition"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_a_move_that_is_not_yours_is_403(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent)
    client.force_login(world.agent)

    response = act(client, ticket, "accept", htmx=False)

    assert response.status_code == 403
    html = response.content.decode()
    assert "<html" in html and 'class="alert alert-error"' in html  # the error page, with its message
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("dispatch", {"department": "nowhere"}, "department"),
        ("dispatch", {"department": ""}, "department"),
        ("transfer", {"owner": "engineer"}, "owner"),
        ("transfer", {"owner": "nobody"}, "owner"),
        ("hold", {"reason": ""}, "reason"),
        ("dispatch", {"department": "eng", "note": "字" * 2001}, "note"),
    ],
)
def test_bad_input_to_a_move_is_400_with_the_field_and_changes_nothing(client, world, make_ticket, action, data, field):
    ticket = make_ticket()
    if action == "hold":
        ticket = dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    before = ticket.events.count()
    client.force_login(world.agent)

    response = act(client, ticket, action, **data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert ticket.events.count() == before


def test_every_transition_has_its_form_handler():
    from tickets.transitions import TRANSITIONS
    from tickets.views.actions import HANDLERS

    assert HANDLERS.keys() == TRANSITIONS.keys()


def test_an_unknown_page_gets_the_console_404(client, world):
    client.force_login(world.agent)

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode()


def test_an_unknown_move_is_404(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    assert act(client, ticket, "explode").status_code == 404


def test_moves_need_post(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    assert client.get(reverse("ticket-action", args=[ticket.number, "dispatch"])).status_code == 405


def test_transfer_hands_ownership_to_a_colleague(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = act(client, ticket, "transfer", owner="agent2", reason="交班")

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.owner == world.agent2
    assert "交班" in response.content.decode()


# ---------- phone reveal and notes ----------


def test_show_number_swaps_in_the_full_number_and_logs_who_looked(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)
    assert "data-reveal-phone" in page(client, ticket).content.decode()

    response = client.post(reverse("ticket-reveal-phone", args=[ticket.number]), **HTMX)

    assert response.status_code == 200
    assert "13800138000" in response.content.decode() and "<html" not in response.content.decode()
    event = ticket.events.get(kind="phone_revealed")
    assert event.actor == world.agent


def test_roles_without_reveal_rights_get_403_and_leave_no_trace(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.qa)

    response = client.post(reverse("ticket-reveal-phone", args=[ticket.number]), **HTMX)

    assert response.status_code == 403
    assert "13800138000" not in response.content.decode()
    assert not ticket.events.filter(kind="phone_revealed").exists()


def test_a_note_goes_on_the_timeline_and_the_timeline_comes_back(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = client.post(reverse("ticket-note", args=[ticket.number]), {"text": "客户要求下午上门"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<ol class="timeline">') and "客户要求下午上门" in html
    assert ticket.events.get(kind="note").actor == world.agent


def test_an_empty_note_is_refused(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    response = client.post(reverse("ticket-note", args=[ticket.number]), {"text": "  "}, **HTMX)

    assert response.status_code == 400
    assert not ticket.events.filter(kind="note").exists()


def test_the_timeline_fragment(client, world, make_ticket):
    ticket = dispatch_ticket(make_ticket(), department=world.eng, actor=world.agent, note="带梯子")
    client.force_login(world.agent)

    response = client.get(reverse("ticket-timeline", args=[ticket.number]), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-kind="dispatched"' in html and "带梯子" in html and world.agent.work_number in html


def test_the_page_answers_htmx_with_the_panel(client, world, make_ticket):
    ticket = make_ticket()
    client.force_login(world.agent)

    html = page(client, ticket, **HTMX).content.decode()

    assert "<html" not in html and html.lstrip().startswith("<article")
