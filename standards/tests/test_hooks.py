"""Every customer-visible text goes through the guard: outage reasons, public articles, the demo's
own texts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Community
from knowledge.demo import ARTICLES
from outages.models import Outage
from outages.services import plan_outage
from standards.actions import ForbiddenPhraseFound
from standards.guard import find


def test_an_outage_reason_with_a_forbidden_phrase_is_refused(world, handbook):
    community = Community.objects.create(name="翠湖苑")
    start = timezone.now() + timedelta(days=1)
    kwargs = {"kind": "water", "communities": [community], "buildings": "", "starts_at": start, "actor": world.manager}
    with pytest.raises(ForbiddenPhraseFound) as refused:
        plan_outage(**kwargs, ends_at=start + timedelta(hours=4), reason="水箱清洗，有意见，告去")
    assert refused.value.status == 422 and "reason" in refused.value.fields
    assert not Outage.objects.exists()
    plan_outage(**kwargs, ends_at=start + timedelta(hours=4), reason="二次供水水箱清洗")
    assert Outage.objects.count() == 1


@pytest.mark.parametrize("category, state, title, body", [a for a in ARTICLES if a[1] == "public"])
def test_the_demo_public_articles_pass_the_guard(handbook, category, state, title, body):
    assert find(f"{title}\n{body}") == []
