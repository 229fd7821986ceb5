"""Request and response shapes of the work-order calls (docs/api.md, additions)."""

from typing import Literal

from ninja import Schema
from pydantic import Field, StrictBool

from core.schemas import IsoDateTime, LocalDateTime, StrictIn, Text, bounded_list
from core.text import MAX_TEXT
from workorders.models import Acceptance, PlanNode, ServicePlan


class NodeIn(StrictIn):
    title: Text(100, min_length=1)
    due_at: IsoDateTime


class PlanIn(StrictIn):
    goal: Text(2000, min_length=1)
    steps: bounded_list(Text(200), max_length=20) = []
    responsible: Text(150, min_length=1) = Field(description="Username of a member of the handling department.")
    nodes: bounded_list(NodeIn, max_length=20) = Field(
        [], description="Time nodes to add; a new plan needs at least one. Nodes once set are never edited."
    )


class NodeDoneIn(StrictIn):
    note: Text(500) = ""


class NodeOut(Schema):
    n: int = Field(description="The node's number in the plan (1, 2, …).")
    title: str
    due_at: LocalDateTime
    done_at: LocalDateTime | None
    done_by: str | None
    met_at: LocalDateTime | None = Field(description="When its promise was met: done, or settled by the resolution.")
    breached: bool

    @staticmethod
    def resolve_n(obj: PlanNode) -> int:
        return obj.seq

    @staticmethod
    def resolve_due_at(obj: PlanNode):
        return obj.deadline.due_at

    @staticmethod
    def resolve_met_at(obj: PlanNode):
        return obj.deadline.met_at

    @staticmethod
    def resolve_done_by(obj: PlanNode) -> str | None:
        return obj.done_by.username if obj.done_by_id else None

    @staticmethod
    def resolve_breached(obj: PlanNode) -> bool:
        return obj.deadline.is_breached()


class PlanOut(Schema):
    ticket: str
    goal: str
    steps: list[str]
    responsible: str
    responsible_name: str
    created_by: str
    created_at: LocalDateTime
    updated_at: LocalDateTime
    nodes: list[NodeOut]

    @staticmethod
    def resolve_ticket(obj: ServicePlan) -> str:
        return obj.ticket.number

    @staticmethod
    def resolve_responsible(obj: ServicePlan) -> str:
        return obj.responsible.username

    @staticmethod
    def resolve_responsible_name(obj: ServicePlan) -> str:
        return obj.responsible.display_name

    @staticmethod
    def resolve_created_by(obj: ServicePlan) -> str:
        return obj.created_by.username

    @staticmethod
    def resolve_nodes(obj: ServicePlan) -> list:
        return list(obj.nodes.select_related("deadline", "done_by"))


class SubOrderIn(StrictIn):
    department: Text(32, min_length=1)
    content: Text(MAX_TEXT, min_length=1)
    assignee: Text(150) | None = Field(None, description="Username of a member of that department (派工到人).")
    note: Text(MAX_TEXT) = ""


class SubOrderOut(Schema):
    number: str
    department: str | None
    department_name: str | None
    status: str
    assignee: str | None
    resolved_at: LocalDateTime | None


class FamilyOut(Schema):
    parent: str | None = Field(description="The request this ticket is a sub-order of, if any.")
    items: list[SubOrderOut]
    open: int = Field(description="Sub-orders not yet resolved: the parent cannot be resolved while any is.")


class AcceptanceIn(StrictIn):
    accepted: StrictBool
    method: Literal["on_site", "phone"] = Field(description="How the customer confirmed (the portal records its own).")
    confirmed_by: Text(50) = Field("", description="Who confirmed; the ticket's contact by default.")
    reason: Text(500) = Field("", description="Required when not accepted.")


class AcceptanceOut(Schema):
    ticket: str
    round: int
    accepted: bool
    reason: str
    confirmed_by: str
    method: str
    recorded_by: str | None
    recorded_at: LocalDateTime
    ticket_status: str = Field(description="The ticket's status after this: back to `dispatched` when not accepted.")

    @staticmethod
    def resolve_ticket(obj: Acceptance) -> str:
        return obj.ticket.number

    @staticmethod
    def resolve_recorded_by(obj: Acceptance) -> str | None:
        return obj.recorded_by.username if obj.recorded_by_id else None

    @staticmethod
    def resolve_ticket_status(obj: Acceptance) -> str:
        return obj.ticket.status
