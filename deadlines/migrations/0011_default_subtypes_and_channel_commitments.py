"""An installation from before sub-types and channel commitments gets the shipped ones (a new
one gets them from post_migrate, deadlines.defaults, once its table is seeded): the sub-types
when it has none, and each default commitment of a channel or a sub-type it has no row for."""

from django.db import migrations


def forwards(apps, schema_editor):
    from deadlines.defaults import default_policies, seed_default_subtypes

    using = schema_editor.connection.alias
    policy = apps.get_model("deadlines", "CommitmentPolicy")
    subtype = apps.get_model("tickets", "RequestSubtype")
    if not policy.objects.using(using).exists():
        return  # a new installation: post_migrate seeds everything
    seed_default_subtypes(subtype, using=using)
    existing = {
        (p.category, p.subtype_id, p.channel, p.priority, p.grade, p.kind)
        for p in policy.objects.using(using).filter(channel__gt="") | policy.objects.using(using).filter(subtype__isnull=False)
    }
    new = [
        p
        for p in default_policies(policy, subtype, using=using)
        if (p.channel or p.subtype_id) and (p.category, p.subtype_id, p.channel, p.priority, p.grade, p.kind) not in existing
    ]
    policy.objects.using(using).bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0010_policy_subtype_channel")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
