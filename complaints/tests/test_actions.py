"""Complaint grading (D2), the major-complaint procedure with the manager, and the case library (D4)."""

from decimal import Decimal

import pytest

from complaints.actions import accept_major, approve_compensation, make_major, register_complaint, write_case
from complaints.models import Criterion, Level
from complaints.selectors import similar_cases
from core.errors import Conflict, Forbidden, InvalidInput
from tickets.actions import accept_ticket, dispatch_ticket, resolve_ticket, start_ticket
from tickets.models import EventKind, TicketEvent
from tickets.timeline import describe


@pytest.fixture
def complaint_ticket(world, make_ticket):
    return make_ticket(category="complaint", content="维修师傅上门迟到两小时，态度恶劣")


def _required():
    return list(Criterion.objects.filter(required=True).values_list("pk", flat=True))


def _events(ticket):
    return list(TicketEvent.objects.filter(ticket=ticket, kind=EventKind.COMPLAINT).order_by("id"))


def test_the_default_definition_is_in_place(db):
    assert Criterion.objects.filter(is_active=True, required=True).count() == 3


def test_a_complaint_meeting_every_required_criterion_is_valid(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket,
        target="staff",
        staff=world.engineer,
        severity="serious",
        criteria=_required(),
        actor=world.agent,
    )
    assert complaint.is_valid is True
    assert complaint.target_department == world.eng  # the staff member's department answers for them
    assert complaint.level == Level.ORDINARY
    event = _events(complaint_ticket)[-1]
    assert event.data["step"] == "registered" and event.data["valid"] is True
    assert world.engineer.display_name in describe(event)


def test_a_complaint_missing_a_required_criterion_is_not_valid(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket, target="company", severity="minor", criteria=_required()[:1], actor=world.agent
    )
    assert complaint.is_valid is False


def test_the_checklist_is_configurable(world, complaint_ticket):
    Criterion.objects.update(required=False)
    complaint = register_complaint(complaint_ticket, target="company", severity="minor", criteria=[], actor=world.agent)
    assert complaint.is_valid is True


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": "neighbour", "severity": "minor", "criteria": []},
        {"target": "company", "severity": "apocalyptic", "criteria": []},
        {"target": "department", "severity": "minor", "criteria": []},
        {"target": "staff", "severity": "minor", "criteria": []},
        {"target": "company", "severity": "minor", "criteria": [99999]},
    ],
)
def test_bad_grading_writes_nothing(world, complaint_ticket, kwargs):
    with pytest.raises(InvalidInput):
        register_complaint(complaint_ticket, actor=world.agent, **kwargs)
    assert not _events(complaint_ticket)


def test_only_complaints_are_graded(world, make_ticket):
    with pytest.raises(InvalidInput):
        register_complaint(make_ticket(), target="company", severity="minor", criteria=[], actor=world.agent)


def test_field_staff_cannot_grade(world, complaint_ticket):
    with pytest.raises(Forbidden):
        register_complaint(complaint_ticket, target="company", severity="minor", criteria=[], actor=world.engineer)


def test_the_major_procedure_needs_the_managers_acceptance_and_approval(world, complaint_ticket):
    # given: an ordinary complaint the owner cannot settle without compensation
    complaint = register_complaint(
        complaint_ticket,
        target="department",
        department=world.eng,
        severity="serious",
        criteria=_required(),
        actor=world.agent,
    )
    # when: the owner makes it major, proposing 300 yuan
    complaint = make_major(complaint, reason="compensation", compensation="300", actor=world.agent)
    assert complaint.level == Level.MAJOR and complaint.awaiting_acceptance
    # then: compensation cannot be approved before the manager accepts; a supervisor cannot accept
    with pytest.raises(Conflict):
        approve_compensation(complaint, amount="300", actor=world.manager)
    with pytest.raises(Forbidden):
        accept_major(complaint, actor=world.supervisor)
    # when: the manager accepts and approves 200
    complaint = accept_major(complaint, actor=world.manager)
    assert complaint.accepted_by == world.manager
    with pytest.raises(Forbidden):
        approve_compensation(complaint, amount="200", actor=world.agent)
    complaint = approve_compensation(complaint, amount="200", actor=world.manager)
    assert (complaint.compensation_proposed, complaint.compensation_approved) == (Decimal("300"), Decimal("200"))
    # then: every step on the timeline
    assert [e.data["step"] for e in _events(complaint_ticket)] == [
        "registered",
        "major",
        "accepted",
        "compensation_approved",
    ]
    assert "300" in describe(_events(complaint_ticket)[1])


def test_compensation_must_be_an_amount(world, complaint_ticket):
    complaint = register_complaint(complaint_ticket, target="company", severity="minor", criteria=[], actor=world.agent)
    for bad in ("-5", "abc", "1.234", "99999999", "NaN"):
        with pytest.raises(InvalidInput):
            make_major(complaint, reason="compensation", compensation=bad, actor=world.agent)
    with pytest.raises(InvalidInput):
        make_major(complaint, reason="compensation", actor=world.agent)
    complaint.refresh_from_db()
    assert complaint.level == Level.ORDINARY


def test_an_unresolvable_complaint_becomes_major_without_compensation(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket, target="company", severity="serious", criteria=[], actor=world.agent
    )
    complaint = make_major(complaint, reason="unresolved", actor=world.agent)
    assert complaint.level == Level.MAJOR and complaint.compensation_proposed is None
    with pytest.raises(Conflict):
        make_major(complaint, reason="unresolved", actor=world.agent)


def test_only_the_owner_or_a_lead_escalates(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket, target="company", severity="serious", criteria=[], actor=world.agent
    )
    with pytest.raises(Forbidden):
        make_major(complaint, reason="unresolved", actor=world.agent2)
    make_major(complaint, reason="unresolved", actor=world.supervisor)


def test_a_resolved_complaint_is_written_up_and_found_again(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket, target="department", department=world.eng, severity="ordinary", criteria=[], actor=world.agent
    )
    with pytest.raises(Conflict):
        write_case(complaint, title="t", situation="s", cause="c", solution="x", actor=world.agent)
    dispatch_ticket(complaint_ticket, department=world.eng, actor=world.agent)
    accept_ticket(complaint_ticket, actor=world.engineer)
    start_ticket(complaint_ticket, actor=world.engineer)
    resolve_ticket(complaint_ticket, result="部门经理登门道歉", actor=world.engineer)
    case = write_case(
        complaint,
        title="维修迟到",
        situation="维修师傅上门迟到两小时，业主不满",
        cause="派工时未核对师傅当天的排班",
        solution="部门经理登门道歉，免收上门费",
        tags="维修,迟到",
        actor=world.agent,
    )
    assert case.tag_list == ["维修", "迟到"]
    assert _events(complaint_ticket)[-1].data["step"] == "case_written"
    # a similar complaint at intake finds it; an unrelated one does not
    assert similar_cases("师傅又迟到了，说好九点上门") == [case]
    assert similar_cases("电梯困人") == []


def test_a_major_complaint_is_resolved_only_after_the_manager_accepts_and_approves(world, complaint_ticket):
    complaint = register_complaint(
        complaint_ticket, target="company", severity="serious", criteria=[], actor=world.agent
    )
    complaint = make_major(complaint, reason="compensation", compensation="500", actor=world.agent)
    dispatch_ticket(complaint_ticket, department=world.eng, actor=world.agent)
    accept_ticket(complaint_ticket, actor=world.engineer)
    start_ticket(complaint_ticket, actor=world.engineer)

    with pytest.raises(Conflict) as refused:
        resolve_ticket(complaint_ticket, result="已赔偿", actor=world.engineer)
    assert refused.value.code == "major_not_accepted"
    accept_major(complaint, actor=world.manager)
    with pytest.raises(Conflict) as refused:
        resolve_ticket(complaint_ticket, result="已赔偿", actor=world.engineer)
    assert refused.value.code == "compensation_not_approved"
    complaint_ticket.refresh_from_db()
    assert complaint_ticket.status == "in_progress" and not complaint_ticket.callbacks.exists()

    approve_compensation(complaint, amount="400", actor=world.manager)
    ticket = resolve_ticket(complaint_ticket, result="经理批准赔偿400元，业主接受", actor=world.engineer)
    assert ticket.status == "resolved" and ticket.callbacks.get().kind == "complaint"
