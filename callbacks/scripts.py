"""The callback script (J2, E2; 001 第十六条): opening line with the company name and the agent's
work number, consent, the prescribed questions, thanks, and the line for a busy customer.
A-grade customers get their own, more personal wording (E1)."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Staff
from callbacks.models import Callback, CallbackKind
from customers.models import Grade
from customers.names import honorific

# The prescribed questions per kind, each scored 1-5. Codes are stored; the words are shown.
QUESTIONS: dict[str, tuple[tuple[str, object], ...]] = {
    CallbackKind.REPAIR: (
        ("punctual", gettext_lazy("Did our staff arrive at the agreed time?")),
        ("quality", gettext_lazy("How satisfied are you with the repair?")),
        ("attitude", gettext_lazy("How satisfied are you with the staff's manner?")),
    ),
    CallbackKind.COMPLAINT: (
        ("solved", gettext_lazy("Has the problem you reported been solved?")),
        ("speed", gettext_lazy("How satisfied are you with how quickly we dealt with it?")),
        ("attitude", gettext_lazy("How satisfied are you with the staff's manner?")),
    ),
    CallbackKind.CONSULTATION: (
        ("answer", gettext_lazy("Did our answer settle your question?")),
        ("attitude", gettext_lazy("How satisfied are you with the agent's manner?")),
    ),
}
GENERAL_QUESTIONS = (
    ("overall", gettext_lazy("How satisfied are you with our service overall?")),
    ("attitude", gettext_lazy("How satisfied are you with the staff's manner?")),
)


def questions_for(kind: str) -> tuple[tuple[str, object], ...]:
    return QUESTIONS.get(kind, GENERAL_QUESTIONS)


@dataclass(frozen=True)
class Script:
    opening: str
    consent: str
    questions: list[tuple[str, str]]
    thanks: str
    busy: str
    a_grade: bool


def addressee(callback: Callback) -> str:
    """How to address the customer: the archive's honorific, else one made from the contact."""
    if callback.customer_id:
        return callback.customer.honorific
    if callback.ticket_id and callback.ticket.contact_name:
        return honorific(callback.ticket.contact_name, "unknown")
    return _("Dear customer")


def subject_of(callback: Callback) -> str:
    return {
        CallbackKind.REPAIR: _("your recent repair"),
        CallbackKind.COMPLAINT: _("the matter you reported to us"),
        CallbackKind.CONSULTATION: _("your recent enquiry"),
        CallbackKind.PRE_SALE: _("your recent visit to us"),
        CallbackKind.AFTER_SALE: _("your recent purchase"),
        CallbackKind.PROJECT: _("your project with us"),
        CallbackKind.EXPIRING_MEMBER: _("your membership with us"),
    }.get(callback.kind, "")


def script_for(callback: Callback, agent: Staff) -> Script:
    a_grade = bool(callback.customer_id and callback.customer.grade == Grade.A)
    words = {
        "company": settings.KEFU_COMPANY_NAME,
        "work_number": agent.work_number,
        "honorific": addressee(callback),
        "subject": subject_of(callback),
    }
    if a_grade:
        opening = (
            _(
                "Good day, %(honorific)s. This is %(company)s customer-service agent No. %(work_number)s. "
                "Thank you for your continued trust in us; we would like to hear how %(subject)s went."
            )
            % words
        )
        consent = _("Would you have a few minutes for us now, %(honorific)s?") % words
        thanks = (
            _(
                "Thank you very much for your time and your support, %(honorific)s. Whenever you need us, "
                "%(company)s is at your service. Goodbye!"
            )
            % words
        )
    else:
        opening = (
            _(
                "Hello, %(honorific)s. This is %(company)s customer-service agent No. %(work_number)s, "
                "calling back about %(subject)s."
            )
            % words
        )
        consent = _("May I take a moment of your time?")
        thanks = _("Thank you for supporting our work. If you have any questions, please call us at any time. Goodbye!")
    return Script(
        opening=opening,
        consent=consent,
        questions=[(code, str(text)) for code, text in questions_for(callback.kind)],
        thanks=thanks,
        busy=_("Sorry to have disturbed you. Goodbye!"),
        a_grade=a_grade,
    )
