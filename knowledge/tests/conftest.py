from datetime import date
from decimal import Decimal

import pytest

from knowledge.models import Article, ServiceItem
from knowledge.search import article_tokens
from tickets.actions import accept_ticket, dispatch_ticket, start_ticket


def article(title, body, *, category="faq", state="public"):
    return Article.objects.create(
        title=title, body=body, category=category, state=state, search_tokens=article_tokens(title, body)
    )


@pytest.fixture
def articles(db):
    return [
        article("闻到燃气味怎么办", "立即关闭阀门，打开门窗通风，到室外拨打抢修电话。", category="safety"),
        article("燃气表电池没电了", "更换5号电池后重新插卡。"),
        article("投诉答复口径", "先致歉，再记录，转交责任部门。", state="staff"),
        article("电梯困人（草稿）", "按紧急呼叫按钮。", state="draft"),
    ]


@pytest.fixture
def price_list(db):
    """A battery change at ¥10 until 2026-11-30 and ¥12 from 2026-12-01; a free inspection."""
    ServiceItem.objects.create(
        code="battery",
        version=1,
        name="更换燃气表电池",
        paid=True,
        price=Decimal("10.00"),
        unit="次",
        effective_from=date(2025, 1, 1),
        effective_to=date(2026, 11, 30),
    )
    ServiceItem.objects.create(
        code="battery",
        version=2,
        name="更换燃气表电池",
        paid=True,
        price=Decimal("12.00"),
        unit="次",
        effective_from=date(2026, 12, 1),
    )
    ServiceItem.objects.create(
        code="pipe", name="更换水管", paid=True, price=Decimal("25.50"), unit="米", effective_from=date(2025, 1, 1)
    )
    ServiceItem.objects.create(
        code="inspect", name="入户安全检查", paid=False, price=Decimal("0"), unit="次", effective_from=date(2025, 1, 1)
    )


@pytest.fixture
def repair_in_progress(world, make_ticket):
    def make(**overrides):
        ticket = make_ticket(**overrides)
        dispatch_ticket(ticket, department=world.eng, actor=world.agent)
        accept_ticket(ticket, actor=world.engineer)
        return start_ticket(ticket, actor=world.engineer)

    return make
