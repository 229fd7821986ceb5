"""One ticket's life, told through the real actions. Each story is a generator: it yields the
moment of its next step and takes the step when the scheduler resumes it at that moment, so the
actions stamp their own (simulated) times on the ticket, its timeline and its deadlines."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Role, Staff
from callbacks.access import CALLBACK_ROLES
from callbacks.actions import record_callback
from callbacks.models import Callback, CallbackStatus, Outcome
from callbacks.scripts import questions_for
from customers.models import Grade, Premises
from demo.company import Company
from demo.plans import CHANNELS, DEFAULT_CHANNELS, LETTER_CATEGORIES, D, H, Plan
from demo.texts import (
    CALLBACK_NOTES,
    CLOSE_NOTES,
    HOLD_REASONS,
    LATE_REASONS,
    NOTES,
    REOPEN_REASONS,
    TRANSFER_REASONS,
    WALK_UP_CONTACTS,
    subtype_for,
)
from tickets.actions import (
    Contact,
    accept_ticket,
    add_note,
    answer_ticket,
    close_ticket,
    create_ticket,
    dispatch_ticket,
    hold_ticket,
    reopen_ticket,
    report_late,
    resolve_ticket,
    resume_ticket,
    reveal_ticket_phone,
    start_ticket,
    transfer_ticket,
)
from tickets.models import Category, Channel, Priority, Status, Ticket


class Run:
    """One ticket's run: the simulated clock, the ticket as the actions return it."""

    def __init__(self, plan: Plan, company: Company, limit: datetime):
        self.plan = plan
        self.rng = plan.rng
        self.company = company
        self.limit = limit  # the real now, less a margin: nothing may happen later
        self.t = plan.intake_at
        self.ticket: Ticket | None = None
        self.worker: Staff | None = None
        self.appointment_at: datetime | None = None
        self.late_arrival = False

    # -- the clock ---------------------------------------------------------------------------

    def wait(self, minutes: float, *, working_hours: bool = False) -> None:
        candidate = self.t + timedelta(minutes=minutes, seconds=self.rng.randrange(60))
        if working_hours:
            candidate = _next_working_time(candidate, self.rng)
        if candidate >= self.limit:
            # The story must end before now: later steps crowd into the time that is left.
            candidate = self.t + (self.limit - self.t) * 0.3
        self.t = candidate

    def act(self, action, *args, **kwargs):
        if callable(kwargs.get("actor")):
            kwargs["actor"] = kwargs["actor"]()  # who is on duty is decided at the moment of the step
        result = action(*args, **kwargs)
        if isinstance(result, Ticket):
            self.ticket = result
        return result

    def step(self, minutes: float, action, *args, working_hours: bool = False, **kwargs):
        """Wait, hand the moment to the scheduler, and act when the clock has come round to it."""
        self.wait(minutes, working_hours=working_hours)
        yield self.t
        return self.act(action, *args, **kwargs)

    # -- the people ----------------------------------------------------------------------------

    def intake_actor(self, channel: str, premises: Premises | None) -> Staff:
        c = self.company
        hour = timezone.localtime(self.t).hour
        if hour < 8 or hour >= 20:
            return self.rng.choice(c.of_role(Role.NIGHT_DUTY))
        if channel == Channel.WALK_IN and premises is not None and premises.community.area and self.rng.random() < 0.5:
            return c.staff_by_pk[premises.community.area.steward_id]
        if self.rng.random() < 0.05:
            return c.staff["supervisor"]
        return self.rng.choice(c.of_role(Role.AGENT))

    def owner(self) -> Staff:
        return self.company.staff_by_pk[self.ticket.owner_id]

    def service_actor(self) -> Staff:
        """Who speaks for customer service now: the owner, or the shift on duty for the owner."""
        hour = timezone.localtime(self.t).hour
        if hour < 8 or hour >= 20:
            return self.rng.choice(self.company.of_role(Role.NIGHT_DUTY))
        return self.owner() if self.rng.random() < 0.85 else self.company.staff["supervisor"]

    # -- the story -----------------------------------------------------------------------------

    def story(self):
        """The ticket's life as a generator: it yields the time of its next step and takes that
        step when resumed. The scheduler resumes all stories in the order of those times."""
        p = self.plan
        yield from self.record()
        if p.target == Status.NEW:
            return
        if p.story.department is None:
            yield from self.answer_directly()
        else:
            yield from self.work(second_round=False)

    def record(self):
        yield self.t
        p, rng, c = self.plan, self.rng, self.company
        weights = CHANNELS.get(p.category, DEFAULT_CHANNELS)
        channel = rng.choices(list(weights), weights=list(weights.values()))[0]
        hour = timezone.localtime(self.t).hour
        if channel in (Channel.WALK_IN, Channel.LETTER) and not 8 <= hour < 18:
            channel = Channel.PHONE  # nobody walks in or posts a letter at the desk at night
        if channel == Channel.LETTER and p.category not in LETTER_CATEGORIES:
            channel = Channel.ONLINE
        channel = p.channel or channel
        customer = premises = None
        contact = None
        if rng.random() < 0.88:
            customer, premises = rng.choice(c.households)
            b, u, room, community = premises.building, premises.unit, premises.room, premises.community.name
        else:
            community_obj = rng.choice(c.communities)
            b, u, room, community = (
                str(rng.randint(1, 8)),
                str(rng.randint(1, 2)),
                f"{rng.randint(1, 11)}0{rng.randint(1, 2)}",
                community_obj.name,
            )
            name, address = rng.choice(WALK_UP_CONTACTS)
            contact = Contact(
                name=name,
                phone=c.walk_up_phones.draw(),
                address=address.format(community=community, b=b, u=u, room=room),
            )
        content = p.story.content.format(b=b, u=u)
        received_at = None
        if channel == Channel.LETTER:
            # The letter came with the morning post, or the afternoon post of the day before.
            local = timezone.localtime(self.t)
            post = local.replace(hour=8, minute=30, second=0, microsecond=0)
            if post >= local - timedelta(minutes=15):
                post = (local - timedelta(days=1)).replace(hour=16, minute=30, second=0, microsecond=0)
            received_at = post
        priority = None
        if p.category == Category.COMPLAINT and customer is not None and customer.grade == Grade.A:
            priority = Priority.HIGH
        elif p.category == Category.REPAIR and rng.random() < 0.1:
            priority = Priority.HIGH
        appointment_at = None
        if p.category in (Category.REPAIR, Category.SERVICE_REQUEST) and 8 <= hour < 16 and rng.random() < 0.6:
            appointment_at = _appointment(self.t, rng)
            if appointment_at + timedelta(hours=1) > self.limit and p.target not in (
                Status.NEW,
                Status.DISPATCHED,
                Status.ACCEPTED,
            ):
                appointment_at = None  # work already under way cannot wait for a visit still to come
        self.appointment_at = appointment_at
        self.late_arrival = appointment_at is not None and rng.random() < 0.1
        actor = self.intake_actor(channel, premises)
        self.act(
            create_ticket,
            actor=actor,
            category=p.category,
            subtype=subtype_for(p.category, content),
            channel=channel,
            content=content,
            customer=customer,
            contact=contact,
            premises=premises,
            priority=priority,
            appointment_at=appointment_at,
            received_at=received_at,
        )

    def answer_directly(self):
        p, rng = self.plan, self.rng
        if p.category == Category.CONSULTATION:
            minutes = rng.uniform(25 * H, 40 * H) if "answer" in p.late else rng.uniform(3, 4 * H)
        elif p.category == Category.SUGGESTION:
            minutes = rng.uniform(2 * H, 30 * H)
        else:
            minutes = rng.uniform(10, 5 * H)
        if p.transfer:
            yield from self.transfer()
        # Before a dispatch only the owner or a lead may answer (首问负责制); agents answer in office hours.
        actor = self.owner() if rng.random() < 0.85 else self.company.staff["supervisor"]
        day_shift = actor.role != Role.NIGHT_DUTY
        yield from self.step(
            minutes, answer_ticket, self.ticket, answer=p.story.result, actor=actor, working_hours=day_shift
        )
        if p.target == Status.CLOSED:
            yield from self.close()

    def work(self, *, second_round: bool):
        p, rng, c = self.plan, self.rng, self.company
        target = p.target
        urgent = p.category == Category.EMERGENCY
        department = c.departments[p.story.department]
        if not second_round:
            # A booked visit is handed over at once in the demo: its story is the visit (C5).
            late = "dispatch" in p.late and self.appointment_at is None
            if urgent:
                minutes = rng.uniform(6, 15) if late else rng.uniform(1, 4)
            elif p.category in (Category.COMPLAINT, Category.SERVICE_REQUEST):
                minutes = rng.uniform(40, 120) if late else rng.uniform(5, 25)
            else:
                minutes = rng.uniform(20, 60) if late else rng.uniform(3, 12)
            yield from self.step(minutes, dispatch_ticket, self.ticket, department=department, actor=self.service_actor)
            if p.transfer:
                yield from self.transfer()
            if p.note:
                yield from self.step(
                    rng.uniform(5, 90), add_note, self.ticket, text=rng.choice(NOTES), actor=self.service_actor
                )
            if target == Status.DISPATCHED:
                return
        self.worker = rng.choice(c.members(p.story.department))
        if urgent:
            minutes = rng.uniform(1, 8)
        else:
            minutes = rng.uniform(2 * H, 5 * H) if "accept" in p.late else rng.uniform(3, 40)
        yield from self.step(minutes, accept_ticket, self.ticket, actor=self.worker, working_hours=not urgent)
        if target == Status.ACCEPTED:
            return
        if target == Status.ON_HOLD and rng.random() < 0.4:
            yield from self.hold()
            return
        if p.category == Category.CONSULTATION and target in (Status.RESOLVED, Status.CLOSED):
            # A question for the department (fees, facilities): its member answers, no site work.
            yield from self.step(
                rng.uniform(10, 6 * H), answer_ticket, self.ticket, answer=p.story.result, actor=self.worker
            )
            yield from self.after_resolution(second_round)
            return
        if p.reveal and not second_round:
            # The engineer calls the customer before the visit: the full number, on the record.
            yield from self.step(rng.uniform(1, 20), reveal_ticket_phone, self.ticket, actor=self.worker)
        if self.appointment_at is not None and not second_round:
            wait = max((self.appointment_at - self.t).total_seconds() / 60, 1)
            if "start" in p.late or self.late_arrival:
                # B2: the engineer cannot make the appointment and says so, with a new time.
                before = max(wait - 15, 1)
                eta = max(self.appointment_at, self.t + timedelta(minutes=before + 2)) + timedelta(
                    minutes=rng.uniform(40, 120)
                )
                yield from self.step(
                    before, report_late, self.ticket, reason=rng.choice(LATE_REASONS), new_eta=eta, actor=self.worker
                )
                wait = (eta - self.t).total_seconds() / 60 + rng.uniform(-5, 10)
            else:
                wait += rng.uniform(-10, 15)
            yield from self.step(max(wait, 1), start_ticket, self.ticket, actor=self.worker)
        else:
            if urgent:
                minutes = rng.uniform(70, 120) if "start" in p.late else rng.uniform(5, 30)
            else:
                minutes = rng.uniform(7 * H, 12 * H) if "start" in p.late else rng.uniform(20, 150)
            yield from self.step(minutes, start_ticket, self.ticket, actor=self.worker, working_hours=not urgent)
        if target == Status.IN_PROGRESS:
            return
        if target == Status.ON_HOLD:
            yield from self.hold()
            return
        if p.hold_midway and not second_round:
            yield from self.hold()
            yield from self.step(
                rng.uniform(1 * D, 3 * D), resume_ticket, self.ticket, actor=self.worker, working_hours=True
            )
        if urgent:
            minutes = rng.uniform(30, 3 * H)
        elif p.category == Category.COMPLAINT:
            minutes = rng.uniform(1 * H, 8 * H)
        elif p.category == Category.HELP:
            minutes = rng.uniform(10, 60)
        else:
            minutes = rng.uniform(30, 4 * H)
        if "resolve" in p.late:
            minutes += rng.uniform(1 * D, 3 * D)
        result = p.story.result if not second_round else "复查后重新处理：" + p.story.result
        yield from self.step(
            minutes, resolve_ticket, self.ticket, result=result, actor=self.worker, working_hours=not urgent
        )
        yield from self.after_resolution(second_round)

    def after_resolution(self, second_round: bool):
        p, rng = self.plan, self.rng
        if p.reopen and not second_round:
            # The callback finds the problem back: the same department does it again.
            reason = rng.choice(REOPEN_REASONS)
            callback = self.due_callback()
            if callback is not None:
                # An unsatisfied verdict reopens the work under supervision (督办).
                yield from self.step(
                    rng.uniform(3 * H, 30 * H),
                    record_callback,
                    callback,
                    outcome=Outcome.UNSATISFIED,
                    actor=self.callback_actor(),
                    score=rng.choice([1, 2]),
                    note=reason,
                    working_hours=True,
                )
                self.ticket = Ticket.objects.get(pk=self.ticket.pk)
            else:
                yield from self.step(
                    rng.uniform(3 * H, 30 * H),
                    reopen_ticket,
                    self.ticket,
                    reason=reason,
                    actor=self.service_actor,
                    working_hours=True,
                )
            if rng.random() < 0.25:
                return  # reopened, waiting for the department again
            yield from self.work(second_round=True)
            return
        if p.target == Status.CLOSED:
            yield from self.close()

    def due_callback(self) -> Callback | None:
        return Callback.objects.filter(
            ticket=self.ticket, round=self.ticket.reopen_count, status=CallbackStatus.DUE
        ).first()

    def close(self):
        """The customer's verdict: by callback where the rules queued one (E1-E3), else the owner closes."""
        rng = self.rng
        callback = self.due_callback()
        if callback is None:
            yield from self.step(
                rng.uniform(2 * H, 30 * H),
                close_ticket,
                self.ticket,
                note=rng.choice(CLOSE_NOTES),
                actor=self.service_actor,
                working_hours=True,
            )
            return
        agent = self.callback_actor()
        wait = rng.uniform(2 * H, 30 * H)
        first_try = rng.random()
        if first_try < 0.12:
            # Busy, or no answer: the call is made again later (E2).
            outcome = Outcome.BUSY if first_try < 0.08 else Outcome.UNREACHABLE
            yield from self.step(
                wait, record_callback, callback, outcome=outcome, actor=agent, note="", working_hours=True
            )
            wait = rng.uniform(2 * H, 5 * H)
        satisfied = rng.random() < 0.8
        outcome = Outcome.SATISFIED if satisfied else Outcome.BASICALLY_SATISFIED
        answers = {
            code: (rng.choice([4, 5, 5]) if satisfied else rng.choice([3, 4]))
            for code, _text in questions_for(callback.kind)
        }
        note = rng.choice(CALLBACK_NOTES[outcome]) if rng.random() < 0.6 else ""
        yield from self.step(
            wait,
            record_callback,
            callback,
            outcome=outcome,
            actor=agent,
            answers=answers,
            note=note,
            working_hours=True,
        )
        self.ticket = Ticket.objects.get(pk=self.ticket.pk)

    def callback_actor(self) -> Staff:
        # Callbacks are made in office hours by agents (回访专员), or by the owner when an agent owns it.
        owner = self.owner()
        if owner.role in CALLBACK_ROLES and self.rng.random() < 0.7:
            return owner
        return self.rng.choice(self.company.of_role(Role.AGENT))

    def hold(self):
        reasons = HOLD_REASONS.get(self.plan.story.department, HOLD_REASONS["eng"])
        yield from self.step(
            self.rng.uniform(10, 3 * H), hold_ticket, self.ticket, reason=self.rng.choice(reasons), actor=self.worker
        )

    def transfer(self):
        c, rng = self.company, self.rng
        owner = self.owner()
        premises = self.ticket.premises
        steward = None
        if premises is not None:
            steward = c.steward_of.get(premises.community_id)
        candidates = [s for s in c.of_role(Role.AGENT) if s.pk != owner.pk]
        reason = rng.choice(TRANSFER_REASONS)
        new_owner = (
            steward if ("管家" in reason and steward is not None and steward.pk != owner.pk) else rng.choice(candidates)
        )
        if "管家" in reason and new_owner.role != Role.STEWARD:
            reason = TRANSFER_REASONS[0]
        actor = c.staff["supervisor"] if owner.role not in (Role.AGENT, Role.STEWARD) or rng.random() < 0.3 else owner
        yield from self.step(
            rng.uniform(20, 3 * H),
            transfer_ticket,
            self.ticket,
            owner=new_owner,
            actor=actor,
            reason=reason,
            working_hours=True,
        )


def _next_working_time(when: datetime, rng: random.Random) -> datetime:
    """Non-urgent work is done by the day shift and the evening duty engineer, 8:00-22:00; a
    step due in the night waits for the morning."""
    local = timezone.localtime(when)
    if 8 <= local.hour < 22:
        return when
    day = local.date() if local.hour < 8 else local.date() + timedelta(days=1)
    morning = timezone.make_aware(datetime.combine(day, time(8, 0)))
    return morning + timedelta(minutes=rng.uniform(0, 90))


def _appointment(after: datetime, rng: random.Random) -> datetime:
    """A visit the customer asked for: a round half hour in working hours, mostly the same day."""
    hours = rng.uniform(1.5, 4.5) if rng.random() < 0.92 else rng.uniform(18, 26)
    local = timezone.localtime(after + timedelta(hours=hours))
    if local.hour < 9:
        local = local.replace(hour=9)
    elif local.hour >= 18:
        local = (local + timedelta(days=1)).replace(hour=rng.choice([9, 10, 14, 15]))
    return local.replace(minute=rng.choice([0, 30]), second=0, microsecond=0)
