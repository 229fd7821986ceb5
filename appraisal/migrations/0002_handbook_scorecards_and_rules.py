"""The handbook's scorecards (version 1, in force from 2000), the QA scorecard and the default
rules (appraisal/defaults.py). Reversible: the reverse removes exactly these rows."""

from datetime import date
from decimal import Decimal

from django.db import migrations

from appraisal.defaults import MANAGER_CATEGORIES, QA_CRITERIA, RULES, STAFF_CATEGORIES


def install(apps, schema_editor):
    Scorecard = apps.get_model("appraisal", "Scorecard")
    ScoreCategory = apps.get_model("appraisal", "ScoreCategory")
    Rule = apps.get_model("appraisal", "Rule")
    QaCriterion = apps.get_model("appraisal", "QaCriterion")
    for track, rows in (("staff", STAFF_CATEGORIES), ("manager", MANAGER_CATEGORIES)):
        card = Scorecard.objects.create(track=track, version=1, effective_from=date(2000, 1, 1))
        for n, (code, name, maximum, general, serious, cause) in enumerate(rows):
            ScoreCategory.objects.create(
                scorecard=card,
                code=code,
                name=name,
                max_points=Decimal(maximum),
                general_points=Decimal(general),
                serious_points=Decimal(serious),
                is_cause=cause,
                order=n,
            )
    for n, (code, name, maximum, critical) in enumerate(QA_CRITERIA):
        QaCriterion.objects.create(code=code, name=name, max_points=maximum, critical=critical, order=n)
    for source, kind, staff_category, manager_category, points, threshold, cap in RULES:
        for track, category in (("staff", staff_category), ("manager", manager_category)):
            Rule.objects.create(
                source=source,
                track=track,
                kind=kind,
                category=category,
                points=Decimal(points),
                threshold=Decimal(threshold) if threshold else None,
                cap=Decimal(cap) if cap else None,
            )


def remove(apps, schema_editor):
    for name in ("Rule", "QaCriterion", "ScoreCategory", "Scorecard"):
        apps.get_model("appraisal", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_scorecards_inspections_qa")]

    operations = [migrations.RunPython(install, remove)]
