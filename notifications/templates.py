"""The message texts (Chinese by default, English msgids), filled in when sent or shown.

Each template is a subject and a body; params hold data only (numbers, times, kinds, names),
and words — step labels, honorifics — are made in the language of the delivery.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import Grade
from customers.names import honorific
from deadlines.models import DeadlineKind

TEMPLATES = {
    "deadline_warning": (
        gettext_lazy("Ticket %(number)s: %(step)s due %(due)s"),
        gettext_lazy("%(name)s, ticket %(number)s must %(step)s by %(due)s (%(address)s)."),
    ),
    "deadline_breached": (
        gettext_lazy("Ticket %(number)s is overdue"),
        gettext_lazy("%(name)s, ticket %(number)s missed its time to %(step)s, due %(due)s (%(address)s)."),
    ),
    "escalated": (
        gettext_lazy("Escalated to you: ticket %(number)s is overdue"),
        gettext_lazy(
            "%(name)s, ticket %(number)s is overdue: %(step)s was due %(due)s. It is escalated to you (level %(level)s)."
        ),
    ),
    # Summaries, when one pass has more than KEFU_DIGEST_AFTER of a kind for one person.
    "deadline_warning_digest": (
        gettext_lazy("%(count)s tickets are nearly due"),
        gettext_lazy(
            "%(name)s, %(count)s tickets you hold are close to their due times: %(numbers)s. The overdue board lists them all."
        ),
    ),
    "deadline_breached_digest": (
        gettext_lazy("%(count)s tickets are overdue"),
        gettext_lazy(
            "%(name)s, %(count)s tickets you hold missed their times: %(numbers)s. The overdue board lists them all."
        ),
    ),
    "escalated_digest": (
        gettext_lazy("Escalated to you: %(count)s overdue tickets"),
        gettext_lazy(
            "%(name)s, %(count)s overdue tickets are escalated to you: %(numbers)s. The overdue board lists them all."
        ),
    ),
    "dispatched": (
        gettext_lazy("New work: ticket %(number)s"),
        gettext_lazy("%(name)s, ticket %(number)s is given to you: %(content)s (%(address)s). Please accept it."),
    ),
    "dispatched_department": (
        gettext_lazy("New work for %(department)s: ticket %(number)s"),
        gettext_lazy("%(name)s, ticket %(number)s was dispatched to %(department)s: %(content)s (%(address)s)."),
    ),
    "online_request": (
        gettext_lazy("Online request %(number)s"),
        gettext_lazy(
            "%(name)s, a customer filed request %(number)s online: %(content)s (%(address)s). Please dispatch it."
        ),
    ),
    "emergency": (
        gettext_lazy("Emergency: ticket %(number)s"),
        gettext_lazy("%(name)s, emergency ticket %(number)s recorded %(at)s: %(content)s (%(address)s)."),
    ),
    "outage": (
        gettext_lazy("Planned outage: %(what)s"),
        gettext_lazy(
            "%(name)s, planned %(what)s outage from %(starts)s to %(ends)s: %(reason)s. "
            "We apologise for the inconvenience. %(company)s"
        ),
    ),
    "late_customer": (
        gettext_lazy("Your request %(number)s: new arrival time"),
        gettext_lazy(
            "%(name)s, for your request %(number)s our engineer is running late and will arrive by %(eta)s. "
            "We apologise for the wait. %(company)s"
        ),
    ),
    "low_rating": (
        gettext_lazy("Ticket %(number)s: the customer rated it %(score)s of 5"),
        gettext_lazy(
            "%(name)s, the customer rated ticket %(number)s (%(address)s) %(score)s of 5 on the portal: %(comment)s"
        ),
    ),
    "late_steward": (
        gettext_lazy("Ticket %(number)s in your area: engineer running late"),
        gettext_lazy(
            "%(name)s, ticket %(number)s (%(address)s): the engineer is running late, new arrival time %(eta)s. Reason: %(reason)s"
        ),
    ),
    "customer_grade_changed": (
        gettext_lazy("%(customer)s is now %(new_grade)s"),
        gettext_lazy(
            "%(name)s, %(customer)s (%(address)s) in your area changed from %(old_grade)s to %(new_grade)s (by %(actor)s)."
        ),
    ),
}


def render(notification, *, language: str | None = None) -> tuple[str, str]:
    """(subject, body) in `language`; the company's language (Chinese) by default."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = TEMPLATES[notification.template]
        values = _values(notification)
        return str(subject) % values, str(body) % values


def _values(notification) -> dict:
    p = dict(notification.params)
    # Plain values of templates registered by the apps above (names of plans and steps as the
    # company wrote them, links) pass through; the ones below are worded here.
    values = {key: value for key, value in p.items() if isinstance(value, str | int)}
    values.update(
        {
            key: p.get(key, "")
            for key in ("number", "address", "content", "reason", "level", "score", "comment", "department")
        }
    )
    values["company"] = settings.KEFU_COMPANY_NAME
    values["count"] = p.get("count", "")
    values["numbers"] = _numbers(p)
    kind = p.get("deadline")
    values["step"] = str(DeadlineKind(kind).label) if kind in DeadlineKind.values else ""
    values["due"] = _local(p.get("due_at"))
    values["eta"] = _local(p.get("new_eta"))
    values["at"] = _local(p.get("at"))
    values["starts"] = _local(p.get("starts_at"))
    values["ends"] = _local(p.get("ends_at"))
    values["what"] = _outage_kind(p.get("outage_kind"))
    values.update(_customer_values(p))
    if notification.customer_id:
        values["name"] = notification.customer.honorific  # 王先生, Mr. 王: made in this language
    elif notification.staff_id:
        values["name"] = notification.staff.display_name
    else:
        values["name"] = p.get("contact") or _("Customer")
    return values


def _numbers(p: dict) -> str:
    """A summary's ticket numbers, and how many it does not name."""
    numbers = [str(n) for n in p.get("numbers") or []]
    text = _(", ").join(numbers)
    more = int(p.get("count") or 0) - len(numbers)
    return _("%(numbers)s and %(more)s more") % {"numbers": text, "more": more} if more > 0 else text


def _customer_values(p: dict) -> dict:
    def grade(code):
        return str(Grade(code).label) if code in Grade.values else ""

    return {
        "customer": honorific(p["customer_name"], p.get("gender", "")) if p.get("customer_name") else "",
        "old_grade": grade(p.get("old_grade")),
        "new_grade": grade(p.get("new_grade")),
        "actor": p.get("actor", ""),
    }


DIGESTS = frozenset(name for name in TEMPLATES if name.endswith("_digest"))


# Vocabularies of the apps above notifications whose codes a message names, filled by their
# AppConfig.ready() (outages: "outage_kind").
VOCABULARIES: dict[str, type] = {}


def _outage_kind(value: str | None) -> str:
    choices = VOCABULARIES.get("outage_kind")
    return str(choices(value).label) if choices is not None and value in choices.values else ""


def _local(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
