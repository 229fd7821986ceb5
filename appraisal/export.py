"""The month's results as a spreadsheet for payroll (I5): one row a person, the category scores
in the scorecard's order, reward points, the result and the KPI figures. Self-contained
(XlsxWriter, in memory); the numbers are the stored MonthResult rows."""

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from appraisal.models import Deduction, MonthConfirmation, Scorecard
from appraisal.scoring import score_categories
from appraisal.selectors import month_results
from appraisal.vocabulary import DeductionKind, month_label

KPI_COLUMNS = [
    ("response_minutes", gettext_lazy("Average response (minutes)")),
    ("satisfaction", gettext_lazy("Satisfaction")),
    ("on_time_rate", gettext_lazy("On-time rate")),
    ("finished", gettext_lazy("Work finished")),
]


def _number(value):
    if value in (None, ""):
        return None
    return float(Decimal(str(value)))


def month_workbook(month: date) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(month_label(month))
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True})
    number = book.add_format({"num_format": "0.0"})
    rate = book.add_format({"num_format": "0.0%"})
    confirmed = MonthConfirmation.objects.filter(month=month).first()
    sheet.write(0, 0, _("Appraisal %(month)s") % {"month": month_label(month)}, bold)
    sheet.write(0, 2, _("Confirmed") if confirmed else _("Not confirmed yet: figures may still change"))
    results = list(month_results(month))
    # Each person's category scores from one grouped sum of the month's lines, on the version
    # their result was computed on; one column per (version, code), headed by its name.
    cards = {
        card.pk: list(card.categories.all())
        for card in Scorecard.objects.filter(pk__in={r.scorecard_id for r in results}).prefetch_related("categories")
    }
    deducted: dict[int, dict] = defaultdict(dict)
    for staff, category, points in (
        Deduction.objects.filter(month=month, counts=True, kind=DeductionKind.DEDUCTION)
        .values("staff_id", "category")
        .annotate(points=Sum("points"))
        .values_list("staff_id", "category", "points")
    ):
        deducted[staff][category] = points
    codes: list[tuple[int, str]] = []
    names: dict[tuple[int, str], str] = {}
    for r in results:
        for c in cards.get(r.scorecard_id, []):
            if (r.scorecard_id, c.code) not in names:
                codes.append((r.scorecard_id, c.code))
                names[(r.scorecard_id, c.code)] = c.name
    head = [_("Work number"), _("Name"), _("Role"), _("Department")]
    head += [names.get(key, key[1]) for key in codes]
    head += [_("Total (100)"), _("Reward points"), _("Result")]
    head += [str(label) for _key, label in KPI_COLUMNS]
    sheet.write_row(2, 0, head, bold)
    roles = dict(Role.choices)
    for n, r in enumerate(results, start=3):
        scores = {
            (r.scorecard_id, row["code"]): row["score"]
            for row in score_categories(cards.get(r.scorecard_id, []), deducted.get(r.staff_id, {}))
        }
        row = [
            r.staff.work_number,
            r.staff.display_name,
            str(roles.get(r.staff.role, r.staff.role)),
            r.staff.department.name if r.staff.department_id else "",
        ]
        sheet.write_row(n, 0, row)
        col = len(row)
        for key in codes:
            sheet.write(n, col, _number(scores.get(key)), number)
            col += 1
        for value in (r.total, r.bonus, r.result):
            sheet.write(n, col, _number(value), number)
            col += 1
        for key, _label in KPI_COLUMNS:
            value = _number(r.kpi.get(key))
            sheet.write(n, col, value, rate if key in ("satisfaction", "on_time_rate") else number)
            col += 1
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 3, 12)
    sheet.set_column(4, len(head), 11)
    sheet.freeze_panes(3, 2)
    book.close()
    return out.getvalue()
