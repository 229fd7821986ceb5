"""The stored vocabularies of API.md. Values never change once shipped; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    REPAIR = "repair", _("Repair")
    EMERGENCY = "emergency", _("Emergency")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    HELP = "help", _("Help request")
    SERVICE_REQUEST = "service_request", _("Service request")
    PRAISE = "praise", _("Praise")


# Categories answered by words rather than work: the owner may answer them without a dispatch.
ANSWERABLE_CATEGORIES = frozenset({Category.CONSULTATION, Category.SUGGESTION, Category.PRAISE})


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("Walk-in")
    ONLINE = "online", _("Online")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Message")


class Status(models.TextChoices):
    NEW = "new", _("To dispatch")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved (awaiting callback)")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset({Status.NEW, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD})
# The same, in a fixed order, for SQL: `status IN (…)` is then written the same way by every
# process (a frozenset's order changes with the interpreter's hash seed), as the predicate of the
# board's partial index (ticket_open_board) is.
OPEN_STATUS_LIST = tuple(sorted(OPEN_STATUSES))


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class EventKind(models.TextChoices):
    CREATED = "created", _("Recorded")
    DISPATCHED = "dispatched", _("Dispatched")
    ASSIGNED = "assigned", _("Assigned")
    ACCEPTED = "accepted", _("Accepted")
    STARTED = "started", _("Started")
    RESOLVED = "resolved", _("Resolved")
    ANSWERED = "answered", _("Answered")
    TRANSFERRED = "transferred", _("Owner changed")
    HELD = "held", _("Put on hold")
    RESUMED = "resumed", _("Resumed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    DEADLINE_WARNING = "deadline_warning", _("Deadline warning")
    DEADLINE_BREACHED = "deadline_breached", _("Deadline breached")
    ESCALATED = "escalated", _("Escalated")
    CALLBACK_RECORDED = "callback_recorded", _("Callback recorded")
    CALLBACK_ASSIGNED = "callback_assigned", _("Callback assigned")
    SUPERVISED = "supervised", _("Supervised")
    COMPLAINT = "complaint", _("Complaint step")
    RATED = "rated", _("Rated by the customer")
    LATE_REPORTED = "late_reported", _("Running late")
    APPOINTMENT_MOVED = "appointment_moved", _("Visit rescheduled")
    PHONE_REVEALED = "phone_revealed", _("Phone number revealed")
    PHOTOS_ADDED = "photos_added", _("Photos of the finished work")
    NOTE = "note", _("Note")
    HANDED_OVER = "handed_over", _("Handed over at the shift change")
    # Service plans, sub-orders and the customer's acceptance (B3-B5, workorders).
    PLAN_SET = "plan_set", _("Service plan")
    NODE_DONE = "node_done", _("Plan node done")
    SUBORDER = "suborder", _("Sub-order split off")
    SUBORDER_OF = "suborder_of", _("Sub-order of a request")
    SUBORDER_DONE = "suborder_done", _("Sub-order finished")
    ACCEPTANCE = "acceptance", _("Customer acceptance")


# Sub-types (A2: "types are configurable per company") under the fixed categories, as shipped;
# the manager adds, renames and deactivates them afterwards (tickets.actions.subtypes). The code
# is what the API speaks and never changes; the name is what people read. From the handbooks'
# request lists (000 报修/求助/申请服务, 001 燃气, 003 投诉) and what a property desk hears daily.
DEFAULT_SUBTYPES = [
    # category, code, name
    ("repair", "plumbing_electric", "水电"),
    ("repair", "doors_windows", "门窗"),
    ("repair", "elevator", "电梯"),
    ("repair", "gas", "燃气"),
    ("repair", "public_facilities", "公共设施"),
    ("emergency", "gas_leak", "燃气泄漏"),
    ("emergency", "elevator_trapped", "电梯困人"),
    ("emergency", "fire", "火警"),
    ("emergency", "flooding", "跑水"),
    ("consultation", "fees", "费用缴纳"),
    ("consultation", "procedures", "办事手续"),
    ("consultation", "outage_info", "停水停电停气"),
    ("complaint", "service_attitude", "服务态度"),
    ("complaint", "repair_quality", "维修质量"),
    ("complaint", "sanitation", "环境卫生"),
    ("complaint", "noise", "噪音扰民"),
    ("help", "lockout", "忘带钥匙"),
    ("help", "item_storage", "物品寄存"),
    ("service_request", "paid_service", "有偿服务"),
    ("service_request", "free_service", "无偿服务"),
    ("service_request", "decoration", "装修申请"),
]
