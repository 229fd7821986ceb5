"""The default definition of a valid complaint (投诉界定标准), editable afterwards in the admin."""

from django.db import migrations

DEFAULT_CRITERIA = [
    # text, required
    ("客户反映的问题属于本公司的服务范围或员工的行为", True),
    ("有明确的事实（时间、地点、人员或事项）", True),
    ("客户对服务结果或服务态度表示不满并要求处理", True),
    ("问题由本公司的过错或未履行承诺造成", False),
    ("涉及经济损失或要求赔偿", False),
]


def add(apps, schema_editor):
    Criterion = apps.get_model("complaints", "Criterion")
    if Criterion.objects.exists():
        return
    for order, (text, required) in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(text=text, required=required, order=order)


def remove(apps, schema_editor):
    Criterion = apps.get_model("complaints", "Criterion")
    Criterion.objects.filter(text__in=[text for text, _required in DEFAULT_CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints")]
    operations = [migrations.RunPython(add, remove)]
