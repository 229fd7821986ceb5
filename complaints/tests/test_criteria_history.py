"""The definition of a valid complaint (投诉界定标准) keeps its history: an edit in the admin names
the administrator and reads old → new."""

from complaints.models import Criterion
from core.history import describe


def test_an_admin_edit_of_a_criterion_is_recorded_with_its_author(client, world):
    criterion = Criterion.objects.order_by("order", "id").first()
    assert criterion.history.get().history_type == "+"  # the seeded lines have their first row
    client.force_login(world.admin)
    response = client.post(
        f"/admin/complaints/criterion/{criterion.pk}/change/",
        {"text": "投诉内容属实", "required": "", "order": criterion.order, "is_active": "on"},
    )
    assert response.status_code == 302

    record = criterion.history.order_by("-history_id").first()
    change = describe(record, {})
    assert (change.user, change.action) == (world.admin, "~")
    assert [(c.label, c.new) for c in change.changes] == [("界定条目", "投诉内容属实"), ("必需", "否")]
    assert change.changes[0].old == criterion.text
    assert client.get(f"/admin/complaints/criterion/{criterion.pk}/history/").status_code == 200
