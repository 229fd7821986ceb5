"""Reads of the emergency screens and the API."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from emergency.models import Activation, ActivationStatus, ActivationStep, CorrectiveAction


def activations() -> QuerySet:
    """Running ones first, then the latest."""
    return Activation.objects.select_related("plan", "ticket", "started_by").order_by("status", "-started_at", "-id")


def activation_detail(pk: int) -> Activation | None:
    return (
        Activation.objects.select_related("plan", "ticket", "started_by", "closed_by")
        .prefetch_related(
            Prefetch("steps", queryset=ActivationStep.objects.select_related("done_by", "department")),
            Prefetch("actions", queryset=CorrectiveAction.objects.select_related("owner", "done_by")),
        )
        .filter(pk=pk)
        .first()
    )


def open_corrective_actions() -> QuerySet:
    return CorrectiveAction.objects.filter(done_at__isnull=True).select_related("owner", "activation__plan")


def running_for_ticket(ticket) -> list[Activation]:
    return list(Activation.objects.filter(ticket=ticket).select_related("plan").order_by("-started_at"))


def step_rows(activation: Activation, now: datetime | None = None) -> list[dict]:
    """Each step with what the live page shows: its state and the minutes from the alarm and
    from the activation to its check-off."""
    now = now or timezone.now()
    rows = []
    for step in activation.steps.all():
        step.activation = activation  # state() reads the start; spare the query per step
        done = step.done_at
        rows.append(
            {
                "step": step,
                "state": step.state(now),
                "from_call": (done - activation.called_at) if done else None,
                "from_start": (done - activation.started_at) if done else None,
            }
        )
    return rows


def is_running(activation: Activation) -> bool:
    return activation.status == ActivationStatus.ACTIVE
