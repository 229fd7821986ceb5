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
