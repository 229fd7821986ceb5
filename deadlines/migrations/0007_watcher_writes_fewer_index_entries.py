"""One index entry fewer per deadline written and per breach and warning recorded:
`CommitmentPolicy.used` replaces the index on Deadline.policy (filled here while that index still
answers)."""

import django.db.models.deletion
from django.db import migrations, models


def mark_used(apps, schema_editor):
    CommitmentPolicy = apps.get_model("deadlines", "CommitmentPolicy")
    Deadline = apps.get_model("deadlines", "Deadline")
    CommitmentPolicy.objects.filter(
        models.Exists(Deadline.objects.filter(policy_id=models.OuterRef("pk")))
    ).update(used=True)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0006_watcher_burst"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitmentpolicy",
            name="used",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_used, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deadline",
            name="policy",
            field=models.ForeignKey(
                blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="deadlines.commitmentpolicy",
            ),
        ),
    ]
