"""QA sampling and reviews (I6, API.md `qa/…`): the scorecard, reproducible samples, reviews
with critical criteria, the one dispute, and the review feeding the appraisal."""

import pytest

from appraisal.models import Deduction, QaReview, QaSample
from kefu.apitest import error_of

FULL = {"greeting": 10, "listening": 15, "accuracy": 20, "handling": 20, "courtesy": 15, "record": 10, "closing": 10}


@pytest.fixture
def tickets(clock, world, make_ticket):
    return [make_ticket(content=f"第{n}号楼漏水") for n in range(12)]


def test_the_qa_scorecard(clock, world, api):
    response = api("qa").get("/api/v1/qa/criteria")
    assert response.status_code == 200
    criteria = response.json()
    assert [c["code"] for c in criteria] == list(FULL)
    assert sum(c["max"] for c in criteria) == 100
    assert {c["code"] for c in criteria if c["critical"]} == {"accuracy", "courtesy"}
    assert set(criteria[0]) >= {"code", "name", "max", "critical"}


def test_the_same_seed_draws_the_same_sample(tickets, world, api):
    first = api("qa").post("/api/v1/qa/samples", {"month": "2026-11", "staff": "agent", "size": 4, "seed": 20261123})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["seed"] == 20261123 and len(body["items"]) == 4
    numbers = {t.number for t in tickets}
    assert all(item["ticket"] in numbers and item["staff"] == "agent" for item in body["items"])
    again = api("qa").post("/api/v1/qa/samples", {"month": "2026-11", "staff": "agent", "size": 4, "seed": 20261123})
    assert again.json()["items"] == body["items"]
    # from the stored seed too: a fresh draw of the same seed (the stored sample deleted) is the same
    QaSample.objects.all().delete()
    fresh = api("qa").post("/api/v1/qa/samples", {"month": "2026-11", "staff": "agent", "size": 4, "seed": 20261123})
    assert fresh.json()["items"] == body["items"]
    other = api("qa").post("/api/v1/qa/samples", {"month": "2026-11", "staff": "agent", "size": 4, "seed": 7})
    assert other.json()["items"] != body["items"]


def test_without_a_seed_one_is_chosen_and_stored(tickets, world, api):
    response = api("qa").post("/api/v1/qa/samples", {"month": "2026-11"})
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["seed"], int)
    # everyone on the phones is sampled; only the agent took calls this month
    assert {item["staff"] for item in body["items"]} == {"agent"} and len(body["items"]) == 5
    assert QaSample.objects.get(staff=world.agent).seed == body["seed"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"month": "2026-11", "size": 0}, 400),
        ({"month": "2026-11", "size": 51}, 400),
        ({"month": "2026-11", "seed": -1}, 400),
        ({"month": "2026-11", "seed": "abc"}, 400),
        ({"month": "11/2026"}, 400),
        ({"month": "2027-01"}, 400),
        ({"month": "2026-11", "staff": "nobody"}, 400),
        ({"month": "2026-11", "extra": 1}, 400),
    ],
)
def test_bad_samples_are_refused(tickets, world, api, body, status):
    response = api("qa").post("/api/v1/qa/samples", body)
    assert response.status_code == status, response.content
    assert error_of(response)["message"]
    assert not QaSample.objects.exists()


def test_only_qa_and_the_leads_sample_and_review(tickets, world, api):
    assert api("agent").post("/api/v1/qa/samples", {"month": "2026-11"}).status_code == 403
    response = api("agent2").post("/api/v1/qa/reviews", {"ticket": tickets[0].number, "scores": FULL})
    assert response.status_code == 403
    assert not QaSample.objects.exists() and not QaReview.objects.exists()


def test_a_review_scores_the_agent_and_a_failed_one_counts_in_the_appraisal(tickets, world, api):
    good = api("qa").post("/api/v1/qa/reviews", {"ticket": tickets[0].number, "scores": FULL, "advice": "继续保持"})
    assert good.status_code == 201, good.content
    assert (good.json()["total"], good.json()["passed"], good.json()["staff"]) == (100.0, True, "agent")
    # a critical criterion scored 0 fails the whole review
    bad = api("qa").post(
        "/api/v1/qa/reviews",
        {
            "ticket": tickets[1].number,
            "scores": {**FULL, "courtesy": 0},
            "advice": "使用了禁忌用语“不知道”，应改为“我帮您查询”",
        },
    )
    body = bad.json()
    assert (body["total"], body["passed"], body["critical_failed"]) == (0.0, False, True)
    # and it is on the agent's scorecard at once, linked to the review
    card = api("agent").get("/api/v1/appraisals/agent/2026-11").json()
    post = next(c for c in card["categories"] if c["code"] == "post_quality")
    assert post["score"] == 27.0
    assert [(d["source"], d["ref"], d["url"]) for d in post["deductions"]] == [
        ("qa", tickets[1].number, f"/appraisal/qa/reviews/{body['id']}/")
    ]
    # the agent disputes once; a supervisor upholds it and the deduction goes
    url = f"/api/v1/qa/reviews/{body['id']}/dispute"
    assert api("agent2").post(url, {"reason": "不是我"}).status_code == 403
    assert api("agent").post(url, {"reason": "录音里没有这句话"}).status_code == 200
    response = api("agent").post(url, {"reason": "再次异议"})
    assert response.status_code == 409 and "只能提出一次异议" in error_of(response)["message"]
    assert api("supervisor").post(f"/api/v1/qa/reviews/{body['id']}/decide", {"upheld": True}).status_code == 200
    card = api("agent").get("/api/v1/appraisals/agent/2026-11").json()
    assert next(c for c in card["categories"] if c["code"] == "post_quality")["score"] == 30.0
    assert Deduction.objects.get(source="qa").revoked_at is not None


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ({**FULL, "smile": 5}, "scores.smile"),
        ({k: v for k, v in FULL.items() if k != "closing"}, "scores.closing"),
        ({**FULL, "greeting": 11}, "scores.greeting"),
        ({**FULL, "greeting": -1}, "scores.greeting"),
        ({**FULL, "greeting": "满分"}, "scores.greeting"),
        ({**FULL, "greeting": True}, "scores.greeting"),
        ({}, "scores"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(tickets, world, api, scores, field):
    response = api("qa").post("/api/v1/qa/reviews", {"ticket": tickets[0].number, "scores": scores})
    assert response.status_code == 400, response.content
    error = error_of(response)
    assert field in error["fields"], error
    assert not QaReview.objects.exists() and not Deduction.objects.exists()


def test_a_ticket_is_reviewed_once(tickets, world, api):
    body = {"ticket": tickets[0].number, "scores": FULL}
    assert api("qa").post("/api/v1/qa/reviews", body).status_code == 201
    response = api("qa").post("/api/v1/qa/reviews", body)
    assert response.status_code == 409
    assert api("qa").post("/api/v1/qa/reviews", {"ticket": "GD00000000-0000", "scores": FULL}).status_code == 404
