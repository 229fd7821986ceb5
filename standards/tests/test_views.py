"""The console side: the live check, the picker, the intake scripts, the manager's screen."""

import pytest
from django.test import Client

from standards.models import ForbiddenPhrase, Phrase


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_live_check_answers_json_with_labels(world, handbook):
    response = client_for(world.agent).post("/standards/check/", {"text": "我没工夫"})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert body["hits"] == [{"phrase": "我没工夫", "start": 0, "end": 4, "advice": "请您稍等，我马上为您处理"}]
    assert body["labels"]["replace"]


def test_the_picker_fills_the_phrases_for_the_agent(world, handbook, make_ticket):
    ticket = make_ticket()
    body = client_for(world.agent).get("/standards/picker/", {"ticket": ticket.number}).json()
    texts = {p["code"]: p["text"] for p in body["phrases"]}
    assert texts["ticket-no"] == f"您的工单号是{ticket.number}，我们会尽快安排处理。"
    assert client_for(world.agent).get("/standards/picker/", {"ticket": "GD00000000-0000"}).status_code == 404


def test_intake_scripts_show_greeting_and_closing_filled_in(world, handbook):
    response = client_for(world.agent).get("/standards/scripts/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "您好，亚美物业KF101号客服员为您服务，请问有什么可以帮到您？" in html
    assert "感谢您的来电，如果有问题，请您与我们联系，服务热线400-826-5858，再见！" in html
    assert "<html" not in html


def test_intake_scripts_mark_the_honorific_for_the_screen_to_fill_in(world, handbook):
    html = client_for(world.agent).get("/standards/scripts/", headers={"HX-Request": "true"}).content.decode()
    slot = '<span data-var="honorific" data-default="先生/女士">先生/女士</span>'
    assert f"{slot}您好，亚美物业KF101号客服员为您服务。" in html
    assert f"请问您是{slot}吗？" in html


def test_a_marked_phrase_is_escaped_and_fills_the_other_variables():
    from standards.phrases import fill_marked

    html = fill_marked(
        "<b>{honorific}</b>，{agent}为您服务 {unknown}", {"honorific": "王先生", "agent": "孙丽"}, "honorific"
    )
    assert html == (
        '&lt;b&gt;<span data-var="honorific" data-default="王先生">王先生</span>&lt;/b&gt;，孙丽为您服务 {unknown}'
    )


def test_the_manager_edits_the_lists_on_the_screen(world, handbook):
    client = client_for(world.manager)
    assert client.get("/standards/").status_code == 200
    response = client.post("/standards/forbidden/", {"phrase": "没门", "advice": "我们再想想办法"})
    assert response.status_code == 302
    assert ForbiddenPhrase.objects.filter(phrase="没门", advice="我们再想想办法").exists()
    refused = client.post("/standards/forbidden/", {"phrase": "您好", "advice": "x"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400
    assert "您好" in refused.content.decode()
    assert not ForbiddenPhrase.objects.filter(phrase="您好").exists()
    response = client.post("/standards/phrases/", {"code": "hi", "situation": "greeting", "text": "{honorific}您好"})
    assert response.status_code == 302
    assert Phrase.objects.filter(code="hi").exists()


@pytest.mark.parametrize("role", ["agent", "engineer", "qa"])
def test_others_may_read_but_not_edit(world, handbook, role):
    client = client_for(getattr(world, role))
    assert client.get("/standards/").status_code == 200
    response = client.post("/standards/forbidden/", {"phrase": "没门", "advice": "x"})
    assert response.status_code == 403
    assert not ForbiddenPhrase.objects.filter(phrase="没门").exists()
