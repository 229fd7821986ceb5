"""Satisfaction (E4, K1): the customers' verdicts given in callbacks.

- A callback counts in the period when it was created (the work was resolved) in [from, to].
  A callback superseded by a later round of the same ticket (done without an outcome) never counts.
- verdicts = callbacks recorded satisfied, basically satisfied or unsatisfied (busy and
  unreachable are attempts, not verdicts).
- satisfaction rate (满意率) = satisfied ÷ verdicts.
- callback pass rate (回访合格率) = (satisfied + basically satisfied) ÷ verdicts; target > 98 %.
- repair quality pass rate (维修合格率) = the same over repair callbacks only; target > 98 %.
- callback completion rate = callbacks done (a verdict, or unreachable after the last try) ÷ callbacks.
- average score = mean of the overall scores (1-5) given with a verdict.

Worked example: 50 callbacks in November, 46 with a verdict: 40 satisfied, 5 basically
satisfied, 1 unsatisfied. Satisfaction rate = 40 ÷ 46 = 0.8696; callback pass rate =
45 ÷ 46 = 0.9783 (97.83 %, under the 98 % target). Of those, 30 repair verdicts with 30 passing:
repair quality pass rate = 1.0.
"""

from django.db.models import Count as CountOf
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from callbacks.models import PASSING, VERDICTS, CallbackKind, CallbackStatus, Outcome
from reports.kpis.base import LEADS, Count, Kpi

VERDICT = Q(outcome__in=sorted(VERDICTS))
PASS = Q(outcome__in=sorted(PASSING))
REPAIR = Q(kind=CallbackKind.REPAIR)
SCORED = VERDICT & Q(score__isnull=False)

COUNTS = [
    Count("callbacks", "callbacks", CountOf("id"), _("Callbacks")),
    Count("callbacks_done", "callbacks", CountOf("id", filter=Q(status=CallbackStatus.DONE)), _("Callbacks done")),
    Count("verdicts", "callbacks", CountOf("id", filter=VERDICT), _("Verdicts")),
    Count("satisfied", "callbacks", CountOf("id", filter=Q(outcome=Outcome.SATISFIED)), _("Satisfied")),
    Count("passed", "callbacks", CountOf("id", filter=PASS), _("Satisfied or basically satisfied")),
    Count("repair_verdicts", "callbacks", CountOf("id", filter=VERDICT & REPAIR), _("Repair verdicts")),
    Count("repair_passed", "callbacks", CountOf("id", filter=PASS & REPAIR), _("Repairs passed")),
    Count("scored", "callbacks", CountOf("id", filter=SCORED), _("Scores given")),
    Count("score_sum", "callbacks", Sum("score", filter=SCORED), _("Sum of scores")),
]

KPIS = [
    Kpi(
        "satisfaction_rate",
        pgettext_lazy("kpi", "Satisfaction rate"),
        _("Callbacks with the verdict satisfied ÷ callbacks with a verdict."),
        "satisfied",
        "verdicts",
        drill=("callbacks", "verdicts"),
    ),
    Kpi(
        "callback_pass_rate",
        pgettext_lazy("kpi", "Callback pass rate"),
        _("Callbacks satisfied or basically satisfied ÷ callbacks with a verdict (target above 98 %)."),
        "passed",
        "verdicts",
        target=(">", 0.98),
        drill=("callbacks", "failed"),
    ),
    Kpi(
        "repair_quality_pass_rate",
        pgettext_lazy("kpi", "Repair quality pass rate"),
        _("Repair callbacks satisfied or basically satisfied ÷ repair callbacks with a verdict (target above 98 %)."),
        "repair_passed",
        "repair_verdicts",
        target=(">", 0.98),
        drill=("callbacks", "repair_failed"),
    ),
    Kpi(
        "callback_completion_rate",
        pgettext_lazy("kpi", "Callback completion rate"),
        _("Callbacks done ÷ callbacks due in the period."),
        "callbacks_done",
        "callbacks",
        audience=LEADS,  # the callback team's own work, not the departments'
        drill=("callbacks", "open"),
    ),
    Kpi(
        "average_score",
        pgettext_lazy("kpi", "Average score"),
        _("Mean of the scores (1-5) given with a verdict."),
        "score_sum",
        "scored",
        kind="score",
        drill=("callbacks", "verdicts"),
    ),
]
