"""POST language/check, the 422 forbidden_phrase on customer-visible text, overrides, the lists."""

import pytest

from kefu.apitest import ApiClient, error_of
from standards.models import ForbiddenPhrase, Phrase, PhraseOverride
from tickets.actions import dispatch_ticket
from tickets.models import Status, TicketEvent

CHECK = "/api/v1/language/check"


def test_check_answers_ok_and_the_hits(world, handbook):
    client = ApiClient(world.agent)
    response = client.post(CHECK, {"text": "您好，这个我不知道，你尽管投诉好了"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is False
    assert [(h["phrase"], h["start"], h["end"]) for h in body["hits"]] == [("不知道", 6, 9), ("你尽管投诉好了", 10, 17)]
    assert body["hits"][0]["advice"] == "这个问题我帮您查询一下，稍后给您答复"
    assert client.post(CHECK, {"text": "不知道您是否方便？"}).json() == {"ok": True, "hits": []}


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": 5}, {"text": "好", "x": 1}])
def test_check_refuses_bad_input(world, handbook, body):
    response = ApiClient(world.agent).post(CHECK, body)
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


def test_check_needs_a_token(db):
    assert ApiClient().post(CHECK, {"text": "好"}).status_code == 401


@pytest.fixture
def consultation(make_ticket):
    return make_ticket(category="consultation", content="物业费怎么交")


def test_an_answer_with_a_forbidden_phrase_is_refused_and_nothing_written(world, handbook, consultation):
    response = ApiClient(world.agent).post(
        f"/api/v1/tickets/{consultation.number}/answer", {"answer": "这个我不知道，你找領導去"}
    )
    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "forbidden_phrase"
    assert "不知道" in error["fields"]["answer"] and "找领导去" in error["fields"]["answer"]
    assert [h["phrase"] for h in error["hits"]] == ["不知道", "找领导去"]
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW and consultation.answer == ""
    assert not TicketEvent.objects.filter(ticket=consultation, kind="answered").exists()
    assert not PhraseOverride.objects.exists()


def test_an_override_reason_lets_it_through_and_is_recorded(world, handbook, consultation):
    response = ApiClient(world.agent).post(
        f"/api/v1/tickets/{consultation.number}/answer",
        {"answer": "客户原话：不知道", "override_reason": "引用客户原话"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "客户原话：不知道"
    row = PhraseOverride.objects.get()
    assert (row.staff, row.ticket, row.field, row.phrases, row.reason) == (
        world.agent,
        consultation,
        "answer",
        ["不知道"],
        "引用客户原话",
    )
    event = TicketEvent.objects.get(ticket=consultation, kind="phrase_override")
    assert event.data == {"field": "answer", "phrases": ["不知道"], "reason": "引用客户原话"}
    assert ApiClient(world.agent).get(f"/api/v1/tickets/{consultation.number}/events").status_code == 200


def test_a_clean_answer_records_no_override(world, handbook, consultation):
    response = ApiClient(world.agent).post(
        f"/api/v1/tickets/{consultation.number}/answer", {"answer": "您好，可以在前台缴纳。", "override_reason": "无"}
    )
    assert response.status_code == 200
    assert not PhraseOverride.objects.exists()


def test_a_result_with_a_forbidden_phrase_is_refused(world, handbook, make_ticket):
    ticket = make_ticket()
    dispatch_ticket(ticket, department=world.eng, actor=world.agent)
    client = ApiClient(world.engineer)
    client.post(f"/api/v1/tickets/{ticket.number}/accept")
    client.post(f"/api/v1/tickets/{ticket.number}/start")
    response = client.post(f"/api/v1/tickets/{ticket.number}/resolve", {"result": "已修好。嫌贵，就别用"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "forbidden_phrase"
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS and ticket.result == ""
    ok = client.post(f"/api/v1/tickets/{ticket.number}/resolve", {"result": "已更换水管，试水正常。"})
    assert ok.status_code == 200


def test_the_manager_adds_a_phrase_and_it_is_enforced(world, handbook):
    client = ApiClient(world.manager)
    response = client.post(
        "/api/v1/language/forbidden", {"phrase": "没办法", "advice": "我来想办法", "allowed": ["没办法联系上的话"]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["allowed"] == ["没办法联系上的话"]
    assert ApiClient(world.agent).post(CHECK, {"text": "这个没办法"}).json()["ok"] is False


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"phrase": "", "advice": "x"}, 400, "phrase"),
        ({"phrase": "，。", "advice": "x"}, 400, "phrase"),
        ({"phrase": "您好", "advice": "x"}, 400, "phrase"),  # flags the standard greeting
        ({"phrase": "稍等", "advice": "x"}, 400, "phrase"),  # 请您稍等
        ({"phrase": "没办法", "advice": ""}, 400, "advice"),
        ({"phrase": "没办法", "advice": "x", "allowed": ["别的话"]}, 400, "allowed"),
        ({"phrase": "不 知 道", "advice": "x"}, 409, "phrase"),  # the same as 不知道
    ],
)
def test_bad_phrases_are_refused_in_chinese_and_nothing_written(world, handbook, body, status, field):
    before = ForbiddenPhrase.objects.count()
    response = ApiClient(world.manager).post("/api/v1/language/forbidden", body)
    assert response.status_code == status, response.content
    error = error_of(response)
    assert field in error.get("fields", {})
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert ForbiddenPhrase.objects.count() == before


def test_only_leads_edit_the_lists(world, handbook):
    response = ApiClient(world.agent).post("/api/v1/language/forbidden", {"phrase": "没办法", "advice": "x"})
    assert response.status_code == 403
    response = ApiClient(world.agent).post(
        "/api/v1/language/phrases", {"code": "x", "situation": "greeting", "text": "您好"}
    )
    assert response.status_code == 403
    assert not ForbiddenPhrase.objects.filter(phrase="没办法").exists()


def test_phrases_are_filled_for_the_caller_and_the_ticket(world, handbook, make_ticket):
    ticket = make_ticket()
    response = ApiClient(world.agent).get("/api/v1/language/phrases", {"ticket": ticket.number})
    assert response.status_code == 200
    by_code = {p["code"]: p for p in response.json()}
    assert by_code["greet"]["text"] == "您好，亚美物业KF101号客服员为您服务，请问有什么可以帮到您？"
    assert by_code["cmp-ack"]["text"].startswith("王先生，")
    assert ticket.number in by_code["ticket-no"]["text"]
    assert by_code["greet"]["template"].startswith("您好，{company}{work_number}")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"code": "bad code", "situation": "greeting", "text": "您好"}, "code"),
        ({"code": "ok", "situation": "nowhere", "text": "您好"}, "situation"),
        ({"code": "ok", "situation": "greeting", "text": "您好{nobody}"}, "text"),
        ({"code": "ok", "situation": "greeting", "text": "我不知道"}, "text"),
    ],
)
def test_bad_standard_phrases_are_refused(world, handbook, body, field):
    before = Phrase.objects.count()
    response = ApiClient(world.manager).post("/api/v1/language/phrases", body)
    assert response.status_code in (400, 422), response.content
    assert field in error_of(response)["fields"]
    assert Phrase.objects.count() == before


def test_phrases_are_filled_in_chinese_even_for_an_english_screen(world, make_ticket):
    from django.utils import translation

    from standards.phrases import fill, values_for

    ticket = make_ticket()
    with translation.override("en"):
        assert fill("{honorific}您好", values_for(world.agent, ticket)) == "王先生您好"
        assert fill("请问您是{honorific}吗", values_for(world.agent)) == "请问您是先生/女士吗"


def test_the_manager_changes_a_phrase(world, handbook):
    phrase = Phrase.objects.get(code="wait")
    client = ApiClient(world.manager)
    body = {"code": "wait", "situation": "waiting", "text": "请您稍等，我马上为您查询，{honorific}。"}
    response = client.put(f"/api/v1/language/phrases/{phrase.pk}", body)
    assert response.status_code == 200, response.content
    phrase.refresh_from_db()
    assert phrase.text == "请您稍等，我马上为您查询，{honorific}。"
    assert client.put("/api/v1/language/phrases/999999", body).status_code == 404
    refused = client.put(f"/api/v1/language/phrases/{phrase.pk}", {**body, "text": "急也没用，我太忙了"})
    assert refused.status_code == 422
    phrase.refresh_from_db()
    assert phrase.text == "请您稍等，我马上为您查询，{honorific}。"
