"""Which resolved work is called back (E1): every repair and complaint, a share of consultations."""

import math
import random

import pytest

from callbacks.models import Callback, CallbackKind
from callbacks.rules import is_sampled, sample_bucket
from tickets.actions import accept_ticket, answer_ticket, dispatch_ticket, resolve_ticket, start_ticket


def test_the_sample_share_holds_over_many_consultations():
    """The bound: over n tickets a fair 30 % draw has standard deviation sqrt(0.3 × 0.7 / n); for
    n = 6,000 that is 0.59 points, so ±2 points is 3.4 σ (a fair draw misses it once in ~1,500
    data sets). The draw is a hash of the number, so the result is the same on every run."""
    numbers = [f"GD202611{day:02d}-{n:04d}" for day in range(1, 31) for n in range(1, 201)]  # 6,000 tickets
    share = sum(is_sampled(number, 30) for number in numbers) / len(numbers)
    assert 0.28 <= share <= 0.32
    assert sum(is_sampled(number, 10) for number in numbers) / len(numbers) == pytest.approx(0.10, abs=0.015)


@pytest.mark.parametrize("percent", [5, 30, 50, 90])
def test_the_share_holds_for_numbers_drawn_at_random(percent):
    """Seeded: 20,000 ticket numbers drawn at random (not consecutive) from a year of days; the
    share stays within 4 σ of the configured percentage (σ = sqrt(p(1-p)/n) ≤ 0.36 points)."""
    rng = random.Random(20261123)
    numbers = {
        f"GD2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-{rng.randint(1, 9999):04d}" for _ in range(20_000)
    }
    p = percent / 100
    sigma = math.sqrt(p * (1 - p) / len(numbers))
    share = sum(is_sampled(number, percent) for number in numbers) / len(numbers)
    assert abs(share - p) <= 4 * sigma, (share, p, sigma)


def test_sampling_is_stable_per_ticket():
    assert sample_bucket("GD20261123-0001") == sample_bucket("GD20261123-0001")
    assert not is_sampled("GD20261123-0001", 0)
    assert is_sampled("GD20261123-0001", 100)


def test_answered_consultations_are_sampled_at_the_configured_share(world, make_ticket, settings):
    settings.KEFU_CALLBACK_CONSULTATION_PERCENT = 30
    tickets = [make_ticket(category="consultation", content=f"物业费怎么交 {i}") for i in range(200)]
    for ticket in tickets:
        answer_ticket(ticket, answer="可在服务中心或线上缴纳", actor=world.agent)
    called = set(Callback.objects.values_list("ticket__number", flat=True))
    assert called == {t.number for t in tickets if is_sampled(t.number, 30)}
    assert 0.2 <= len(called) / 200 <= 0.4
    assert set(Callback.objects.values_list("kind", flat=True)) == {CallbackKind.CONSULTATION}


def test_no_consultation_is_called_back_at_zero_percent(world, make_ticket, settings):
    settings.KEFU_CALLBACK_CONSULTATION_PERCENT = 0
    answer_ticket(make_ticket(category="consultation"), answer="好的", actor=world.agent)
    assert not Callback.objects.exists()


def test_every_complaint_is_called_back(world, make_ticket):
    ticket = make_ticket(category="complaint", content="保安态度差")
    dispatch_ticket(ticket, department=world.security, actor=world.agent)
    guard = world.guard
    accept_ticket(ticket, actor=guard)
    start_ticket(ticket, actor=guard)
    resolve_ticket(ticket, result="已批评教育并道歉", actor=guard)
    assert ticket.callbacks.get().kind == CallbackKind.COMPLAINT


def test_a_resolved_help_request_needs_no_callback(world, make_ticket):
    ticket = make_ticket(category="help", content="帮忙搬东西")
    dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    resolve_ticket(ticket, result="已帮忙", actor=world.engineer)
    assert not Callback.objects.exists()


def test_the_default_share_is_thirty_percent():
    from kefu import settings as project_settings

    assert project_settings.KEFU_CALLBACK_CONSULTATION_PERCENT == 30
    assert project_settings.KEFU_CALLBACK_MAX_ATTEMPTS == 3


def test_emergency_repairs_are_called_back_like_repairs(world, make_ticket):
    ticket = make_ticket(category="emergency", content="楼道水管爆裂")
    dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    accept_ticket(ticket, actor=world.engineer)
    start_ticket(ticket, actor=world.engineer)
    resolve_ticket(ticket, result="已关阀更换水管", actor=world.engineer)
    assert ticket.callbacks.get().kind == CallbackKind.REPAIR
