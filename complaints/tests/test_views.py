"""The complaint screen, the case library and the intake hint."""

import pytest
from django.urls import reverse

from complaints.actions import register_complaint, write_case
from complaints.models import Complaint, Criterion, Level
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket


@pytest.fixture
def complaint_ticket(world, make_ticket):
    return make_ticket(category="complaint", content="维修师傅上门迟到两小时")


def test_an_agent_grades_and_the_manager_accepts_from_the_screen(client, world, complaint_ticket):
    number = complaint_ticket.number
    client.force_login(world.agent)
    page = client.get(reverse("complaint-detail", args=[number]))
    assert page.status_code == 200
    required = [str(pk) for pk in Criterion.objects.filter(required=True).values_list("pk", flat=True)]
    response = client.post(
        reverse("complaint-step", args=[number, "grade"]),
        {"target": "department", "department": "eng", "severity": "serious", "criteria": required},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.is_valid and complaint.target_department == world.eng
    client.post(reverse("complaint-step", args=[number, "major"]), {"reason": "compensation", "compensation": "500"})
    assert Complaint.objects.get().level == Level.MAJOR
    # the agent has no accept button and is refused
    assert "data-accept" not in client.get(reverse("complaint-detail", args=[number])).content.decode()
    assert client.post(reverse("complaint-step", args=[number, "accept"])).status_code == 403
    client.force_login(world.manager)
    assert "data-accept" in client.get(reverse("complaint-detail", args=[number])).content.decode()
    client.post(reverse("complaint-step", args=[number, "accept"]))
    client.post(reverse("complaint-step", args=[number, "approve"]), {"amount": "300"})
    complaint = Complaint.objects.get()
    assert complaint.accepted_by == world.manager and str(complaint.compensation_approved) == "300.00"


def test_a_bad_amount_is_refused_on_the_screen(client, world, complaint_ticket):
    register_complaint(complaint_ticket, target="company", severity="minor", criteria=[], actor=world.agent)
    client.force_login(world.agent)
    response = client.post(
        reverse("complaint-step", args=[complaint_ticket.number, "major"]),
        {"reason": "compensation", "compensation": "abc"},
    )
    assert response.status_code == 400
    assert Complaint.objects.get().level == Level.ORDINARY


def test_other_tickets_have_no_complaint_screen(client, world, make_ticket):
    client.force_login(world.agent)
    assert client.get(reverse("complaint-detail", args=[make_ticket().number])).status_code == 404


def test_field_staff_are_refused(client, world, complaint_ticket):
    client.force_login(world.engineer)
    assert client.get(reverse("complaint-detail", args=[complaint_ticket.number])).status_code == 403
    assert client.get(reverse("case-library")).status_code == 403


def test_intake_offers_similar_cases_for_a_complaint(client, world, complaint_ticket):
    complaint = register_complaint(complaint_ticket, target="company", severity="minor", criteria=[], actor=world.agent)
    dispatch_ticket(complaint_ticket, department=world.eng, actor=world.agent)
    accept_ticket(complaint_ticket, actor=world.engineer)
    start_ticket(complaint_ticket, actor=world.engineer)
    resolve_ticket(complaint_ticket, result="道歉", actor=world.engineer)
    case = write_case(
        complaint, title="维修迟到", situation="师傅迟到", cause="排班", solution="道歉并免上门费", actor=world.agent
    )
    client.force_login(world.agent)
    url = reverse("case-similar")
    html = client.get(url, {"category": "complaint", "content": "师傅又迟到了"}).content.decode()
    assert f'data-case="{case.pk}"' in html
    assert client.get(url, {"category": "repair", "content": "师傅又迟到了"}).content == b""
    library = client.get(reverse("case-library"), {"q": "迟到"}).content.decode()
    assert f'data-case="{case.pk}"' in library
    assert f'data-case="{case.pk}"' in client.get(reverse("case-library")).content.decode()


def test_the_register_lists_complaints_and_the_managers_in_tray(client, world, make_ticket, complaint_ticket):
    from complaints.actions import accept_major, approve_compensation, make_major

    ungraded = make_ticket(category="complaint", content="垃圾没人清")
    make_ticket(category="repair", content="水管漏水")  # not a complaint: never in the register
    major = register_complaint(complaint_ticket, target="company", severity="serious", criteria=[], actor=world.agent)
    make_major(major, reason="compensation", compensation="300", actor=world.agent)
    client.force_login(world.manager)
    url = reverse("complaint-register")

    html = client.get(url).content.decode()
    assert html.count('<tr data-ticket="') == 2
    assert f'data-ticket="{ungraded.number}"' in html and 'data-level="major"' in html
    waiting = client.get(url, {"waiting": "1"}).content.decode()
    assert waiting.count('<tr data-ticket="') == 1 and "data-awaiting" in waiting
    accept_major(major, actor=world.manager)
    assert client.get(url, {"waiting": "1"}).content.decode().count('<tr data-ticket="') == 1  # the amount waits
    approve_compensation(major, amount="250", actor=world.manager)
    assert 'data-ticket="' not in client.get(url, {"waiting": "1"}).content.decode()
    ungraded_only = client.get(url, {"level": "ungraded"}).content.decode()
    assert ungraded_only.count('<tr data-ticket="') == 1 and ungraded.number in ungraded_only
    assert client.get(url, {"level": "weather"}).status_code == 400


def test_the_register_costs_the_same_queries_for_more_complaints(client, world, make_ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.agent)
    url = reverse("complaint-register")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for i in range(2):
        ticket = make_ticket(category="complaint", content=f"投诉 {i}")
        register_complaint(
            ticket, target="staff", staff=world.engineer, severity="minor", criteria=[], actor=world.agent
        )
    few = queries()
    for i in range(6):
        ticket = make_ticket(category="complaint", content=f"再投诉 {i}")
        register_complaint(
            ticket, target="department", department=world.eng, severity="minor", criteria=[], actor=world.agent
        )
    assert queries() == few


def test_field_staff_have_no_register(client, world):
    client.force_login(world.engineer)
    assert client.get(reverse("complaint-register")).status_code == 403
