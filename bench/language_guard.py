"""The forbidden-phrase guard's speed (J1 goal: p95 ≤ 5 ms for a 2,000-character text against
2,000 phrases), in process, no database: `make bench` runs it first; alone:

    .venv/bin/python bench/language_guard.py [--phrases 2000] [--chars 2000] [--runs 500]

2,000 phrases: the handbook's 24 and generated 2–8 character phrases (each with an allowed
context), drawn from the common characters of customer-service Chinese. Texts: 2,000 characters
of the same characters with spaces, punctuation and a few traditional forms, each with some
hits planted. Times the whole check as the API runs it once the automaton is built (normalise,
scan, allowed contexts, mapping back), and the building of the automaton (once per edit).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")

import django  # noqa: E402

django.setup()

from standards.guard import Entry, Matcher  # noqa: E402
from standards.handbook import FORBIDDEN  # noqa: E402

COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温"
    "传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般"
    "您请谢燃修维服客户费物业楼单元房漏换表阀管电梯停检查上门预约投诉回访满意价格收标准"
)
TRADITIONAL = "門們這時來說為對會發還無與當應開國"
FILLER = " ，。、！？…—"


def make_phrases(rng: random.Random, count: int) -> list[Entry]:
    entries = [Entry(p, a, tuple(allowed)) for p, a, allowed in FORBIDDEN]
    seen = {e.phrase for e in entries}
    while len(entries) < count:
        phrase = "".join(rng.choice(COMMON) for _ in range(rng.randint(2, 8)))
        if phrase in seen:
            continue
        seen.add(phrase)
        allowed = (phrase + "".join(rng.choice(COMMON) for _ in range(3)),)
        entries.append(Entry(phrase, "建议改说：" + phrase[::-1], allowed))
    return entries


def make_text(rng: random.Random, chars: int, entries: list[Entry]) -> str:
    parts: list[str] = []
    length = 0
    while length < chars:
        roll = rng.random()
        if roll < 0.01:
            piece = rng.choice(entries).phrase  # a planted hit
        elif roll < 0.12:
            piece = rng.choice(FILLER)
        elif roll < 0.14:
            piece = rng.choice(TRADITIONAL)
        else:
            piece = rng.choice(COMMON)
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phrases", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    entries = make_phrases(rng, args.phrases)
    started = time.perf_counter()
    matcher = Matcher(entries)
    build_ms = (time.perf_counter() - started) * 1000
    texts = [make_text(rng, args.chars, entries) for _ in range(50)]
    for text in texts[:5]:  # warm the character cache, as a running server has it
        matcher.scan(text)
    times, cpu = [], []
    hits = 0
    for n in range(args.runs):
        text = texts[n % len(texts)]
        started, started_cpu = time.perf_counter(), time.thread_time()
        hits += len(matcher.scan(text))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    times.sort()
    cpu.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    verdict = "met" if p95 <= 5 else "NOT met"
    # Wall clock is the goal's measure; the CPU time beside it shows how much of a slow run was
    # this process waiting for a core (a shared machine), not work.
    print(
        f"language guard: {args.phrases} phrases, {args.chars}-char texts, {args.runs} checks: "
        f"wall p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {times[-1]:.2f} ms; "
        f"CPU p95 {cpu[int(len(cpu) * 0.95) - 1]:.2f} ms ({hits / args.runs:.1f} hits a text); "
        f"automaton built in {build_ms:.0f} ms; load average {os.getloadavg()[0]:.1f}. Goal p95 ≤ 5 ms: {verdict}."
    )


if __name__ == "__main__":
    main()
