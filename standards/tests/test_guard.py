"""The matcher: normalisation, allowed contexts, positions, and no false alarms on the handbook."""

import pytest

from standards.guard import Entry, Matcher, find, normalise
from standards.handbook import FORBIDDEN, HANDBOOK_STANDARD, LIBRARY
from standards.models import ForbiddenPhrase
from standards.phrases import SAMPLE_VALUES, fill

HANDBOOK = Matcher([Entry(p, a, tuple(allowed)) for p, a, allowed in FORBIDDEN])


def phrases(text: str) -> list[str]:
    return [hit.phrase for hit in HANDBOOK.scan(text)]


def test_a_plain_hit_reports_phrase_position_and_advice():
    [hit] = HANDBOOK.scan("这个我不知道。")
    assert (hit.phrase, hit.start, hit.end) == ("不知道", 3, 6)
    assert hit.advice == "这个问题我帮您查询一下，稍后给您答复"


@pytest.mark.parametrize(
    "text",
    [
        "你尽管投诉好了",
        "你 尽管 投诉 好了",
        "你-尽-管-投-诉-好-了",
        "你儘管投訴好了",  # traditional characters
        "你，尽管投诉……好了！",
        "你\u200b尽管投诉好了",  # a zero-width space
    ],
)
def test_spellings_of_one_phrase_are_caught(text):
    assert phrases(text) == ["你尽管投诉好了"]


def test_full_width_latin_and_digits_fold():
    matcher = Matcher([Entry("ok吧", "好的")])
    assert [h.phrase for h in matcher.scan("那就ＯＫ吧")] == ["ok吧"]


def test_punctuation_inside_the_listed_phrase_is_not_required():
    assert phrases("你问我我问谁") == ["你问我，我问谁"]
    assert phrases("找領導去吧") == ["找领导去"]


def test_positions_map_back_to_the_typed_text():
    text = "您好！你 尽管 投诉好了"
    [hit] = HANDBOOK.scan(text)
    assert text[hit.start : hit.end] == "你 尽管 投诉好了"


def test_an_allowed_context_is_not_flagged_but_the_phrase_alone_is():
    assert phrases("不知道您是否方便接听电话？") == []
    assert phrases("不知道您现在是否方便") == []
    assert phrases("我不知道，不知道您是否方便") == ["不知道"]


def test_overlapping_hits_report_the_longer_phrase():
    matcher = Matcher([Entry("不管", "a"), Entry("我不管了", "b")])
    assert [h.phrase for h in matcher.scan("这事我不管了")] == ["我不管了"]


def test_several_hits_in_order():
    assert phrases("我不知道，你尽管投诉好了，快下班了明天再来") == ["不知道", "你尽管投诉好了", "快下班了，明天再来"]


def test_normalise_keeps_an_index_per_folded_character():
    folded, origin = normalise("Ａ 不，知")
    assert folded == "a不知"
    assert [origin(j) for j in range(3)] == [0, 2, 4]
    folded, origin = normalise("㈱ 不知")  # NFKC makes one character three: (株)
    assert folded == "株不知"
    assert [origin(j) for j in range(3)] == [0, 2, 3]


@pytest.mark.parametrize("text", HANDBOOK_STANDARD)
def test_no_false_alarm_on_the_handbooks_standard_phrases(text):
    assert HANDBOOK.scan(text) == []


@pytest.mark.parametrize("code, situation, text", LIBRARY)
def test_no_false_alarm_on_the_phrase_library(code, situation, text):
    assert HANDBOOK.scan(fill(text, SAMPLE_VALUES)) == []


def test_find_uses_the_list_in_the_database_and_sees_edits(handbook):
    assert [h.phrase for h in find("我解决不了")] == ["我解决不了"]
    ForbiddenPhrase.objects.filter(phrase="我解决不了").delete()
    assert find("我解决不了") == []
    row = ForbiddenPhrase.objects.get(phrase="不管")
    row.is_active = False
    row.save()
    assert find("这事我不管") == []
