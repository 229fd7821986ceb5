"""Knowledge in the console and on the portal: search, suggestions, an answer becoming an
article, the charges panel, and what the customer sees."""

import time_machine
from django.test import Client

from knowledge.models import Article, Charge
from standards.demo import seed_standards
from tickets.actions import answer_ticket, resolve_ticket

NOW = "2026-12-03T10:00:00+08:00"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_intake_screen_is_offered_articles_as_the_request_is_typed(world, articles):
    response = client_for(world.agent).get(
        "/knowledge/suggest/", {"content": "我家里闻到燃气味了怎么办"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "闻到燃气味怎么办" in html
    assert "电梯困人" not in html
    assert client_for(world.agent).get("/knowledge/suggest/", {"content": "你好"}).content.decode().strip() == ""


def test_suggestions_beside_an_answer_can_be_inserted(world, articles):
    html = (
        client_for(world.agent)
        .get("/knowledge/suggest/", {"content": "燃气表电池没电", "insert": "answer"}, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert 'data-insert-text="更换5号电池后重新插卡。"' in html
    assert 'data-insert-target="textarea[name=answer]"' in html


def test_an_answer_that_worked_becomes_a_draft_article(world, make_ticket):
    ticket = make_ticket(category="consultation", content="物业费可以在哪里交？")
    answer_ticket(ticket, answer="可在客服中心前台或银行代扣缴纳。", actor=world.agent)
    response = client_for(world.agent).post(f"/knowledge/from-ticket/{ticket.number}/")
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.body, article.state, article.source_ticket) == (
        "物业费可以在哪里交？",
        "可在客服中心前台或银行代扣缴纳。",
        "draft",
        ticket,
    )


def test_an_open_ticket_cannot_become_an_article(world, make_ticket):
    ticket = make_ticket(category="consultation")
    response = client_for(world.agent).post(f"/knowledge/from-ticket/{ticket.number}/")
    assert response.status_code == 409
    assert not Article.objects.exists()


def test_a_public_article_is_guarded_and_shown_on_the_portal(world, articles):
    seed_standards()
    client = client_for(world.manager)
    refused = client.post(
        "/knowledge/new/", {"title": "收费", "body": "嫌贵，就别用", "category": "fees", "state": "public"}
    )
    assert refused.status_code == 422
    assert not Article.objects.filter(title="收费").exists()
    page = Client().get("/portal/knowledge/", {"q": "燃气"}).content.decode()
    assert "闻到燃气味怎么办" in page and "投诉答复口径" not in page


@time_machine.travel(NOW, tick=False)
def test_the_charges_panel_and_the_portal_show_the_items(world, price_list, repair_in_progress):
    ticket = repair_in_progress()
    client = client_for(world.engineer)
    response = client.post(
        f"/knowledge/charges/{ticket.number}/add/", {"item": "pipe", "quantity": "2"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200, response.content
    assert "¥51.00" in response.content.decode()
    bad = client.post(
        f"/knowledge/charges/{ticket.number}/add/", {"item": "pipe", "quantity": "-2"}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 400
    assert Charge.objects.count() == 1
    resolve_ticket(ticket, result="已更换水管。", actor=world.engineer)
    page = Client().post("/portal/lookup/", {"number": ticket.number, "digits": "8000"}).content.decode()
    assert "更换水管" in page and "¥51.00" in page
