"""Chinese names and mobile numbers for the demo company, drawn from a seeded generator."""

import random

# Common surnames, weighted roughly as they occur (王、李、张 are each about 7 % of people).
SURNAMES = (
    ["王"] * 14
    + ["李"] * 14
    + ["张"] * 13
    + ["刘"] * 11
    + ["陈"] * 10
    + ["杨"] * 6
    + ["黄"] * 4
    + ["赵"] * 4
    + ["吴"] * 4
    + ["周"] * 4
    + ["徐"] * 3
    + ["孙"] * 3
    + ["马"] * 3
    + ["朱"] * 3
    + ["胡"] * 3
    + ["郭"] * 3
    + ["何"] * 2
    + ["高"] * 2
    + ["林"] * 2
    + ["罗"] * 2
    + ["郑"] * 2
    + ["梁"] * 2
    + ["谢"] * 2
    + ["宋"] * 2
    + list(
        "唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤"
    )
    + ["欧阳", "司马", "诸葛", "上官"]
)

MALE_GIVEN = list("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳峰亮晨博彬")
MALE_DOUBLE = [
    "建国",
    "建华",
    "国强",
    "志强",
    "海涛",
    "文博",
    "俊杰",
    "子轩",
    "浩然",
    "宇航",
    "明辉",
    "振华",
    "晓东",
    "立新",
    "卫东",
    "永刚",
    "德明",
    "国庆",
    "天佑",
    "嘉豪",
    "思远",
    "一鸣",
    "家乐",
    "晓峰",
    "铁军",
    "长青",
]
FEMALE_GIVEN = list("芳娜敏静丽艳娟霞秀英慧莉洁琳玲婷雪倩颖琪璐瑶佳蕾薇茜")
FEMALE_DOUBLE = [
    "秀英",
    "桂英",
    "淑华",
    "玉兰",
    "丽华",
    "晓燕",
    "雅琴",
    "春梅",
    "美玲",
    "欣怡",
    "梓涵",
    "诗涵",
    "雨桐",
    "思雨",
    "佳怡",
    "婉清",
    "晓雪",
    "慧敏",
    "丽娟",
    "凤霞",
    "海燕",
    "小红",
    "婷婷",
    "静怡",
    "文静",
    "玉梅",
]

# Mobile prefixes of the three carriers.
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "176",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]


def person_name(rng: random.Random, gender: str) -> str:
    surname = rng.choice(SURNAMES)
    if gender == "male":
        given = rng.choice(MALE_DOUBLE) if rng.random() < 0.55 else rng.choice(MALE_GIVEN)
    else:
        given = rng.choice(FEMALE_DOUBLE) if rng.random() < 0.55 else rng.choice(FEMALE_GIVEN)
    if len(surname) == 2 and len(given) == 2:
        given = given[0]  # 欧阳娜, not a four-character name
    return surname + given


class UniqueNames:
    """Draws names no one else in the demo has, so a search by name finds one person."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None):
        self.rng = rng
        self.taken = set(taken or ())

    def draw(self, gender: str) -> str:
        while True:
            name = person_name(self.rng, gender)
            if name not in self.taken:
                self.taken.add(name)
                return name


class UniquePhones:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def draw(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.taken:
                self.taken.add(number)
                return number
