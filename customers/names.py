"""Chinese names and honorifics (A3, A4)."""

from django.utils.translation import gettext as _

# Two-character surnames (复姓): without them 欧阳娜娜 would be addressed as 欧先生/女士.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 "
    "澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 闾丘 东郭 百里 呼延 万俟 赫连 拓跋 完颜".split()
)


def surname_of(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if not _is_cjk(name[0]):
        return name.split()[-1] if " " in name else name  # "John Smith" → "Smith"
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[0]


def honorific(name: str, gender: str, surname: str = "") -> str:
    """王先生 / 李女士; when the gender is not known, 王先生/女士, as agents say on the phone."""
    surname = surname or surname_of(name)
    if not surname:
        return _("Dear customer")
    if gender == "male":
        return _("Mr. %(surname)s") % {"surname": surname}
    if gender == "female":
        return _("Ms. %(surname)s") % {"surname": surname}
    return _("Mr./Ms. %(surname)s") % {"surname": surname}


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
