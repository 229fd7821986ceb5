"""Intake writes its ticket, first event and promises with core.db.compiled.Insert, which sends no
save signals (as bulk_create): nothing may listen to them on those models, or it would miss them."""

import pytest
from django.db.models.signals import post_save, pre_save

from deadlines.models import Deadline
from tickets.models import Ticket, TicketEvent


@pytest.mark.parametrize("model", [Ticket, TicketEvent, Deadline])
def test_nothing_listens_to_the_saves_insert_skips(model):
    assert not pre_save.has_listeners(model)
    assert not post_save.has_listeners(model)
