from django.db import migrations


def fill_keys(apps, schema_editor):
    from customers.addresses import address_key

    Premises = apps.get_model("customers", "Premises")
    batch = []
    for p in Premises.objects.only("id", "building", "unit", "room").iterator(chunk_size=2000):
        p.building_key, p.unit_key, p.room_key = address_key(p.building), address_key(p.unit), address_key(p.room)
        batch.append(p)
        if len(batch) == 2000:
            Premises.objects.bulk_update(batch, ["building_key", "unit_key", "room_key"])
            batch = []
    Premises.objects.bulk_update(batch, ["building_key", "unit_key", "room_key"])


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_archive_upkeep")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
