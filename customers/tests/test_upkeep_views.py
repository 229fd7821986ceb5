"""The archive upkeep screens: edit page, history panel, merge and undo, import with a dry run."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from customers.models import Customer, CustomerChange, CustomerMerge
from tests.factories import CustomerFactory


def _edit_form(customer, **overrides):
    home = customer.premises.get()
    form = {
        "name": customer.name,
        "surname": "",
        "gender": customer.gender,
        "grade": customer.grade,
        "type": "",
        "phones": "13800138000",
        "premises_id": [str(home.pk), ""],
        "community": ["翠湖苑", ""],
        "building": [home.building, ""],
        "unit": [home.unit, ""],
        "room": [home.room, ""],
        "note": "",
    }
    form.update(overrides)
    return form


def test_the_edit_page_saves_and_the_change_shows_in_the_history(client, world, customer):
    client.force_login(world.agent)
    page = client.get(reverse("customer-edit", args=[customer.pk]))
    assert page.status_code == 200
    assert 'name="phones"' in page.content.decode()

    response = client.post(reverse("customer-edit", args=[customer.pk]), _edit_form(customer, grade="A"))

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.grade == "A"
    detail = client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    assert 'data-change="edited" data-field="grade"' in detail
    assert "B级 → <strong>A级</strong>" in detail


def test_a_bad_edit_shows_the_form_again_with_a_chinese_message_and_writes_nothing(client, world, customer):
    client.force_login(world.agent)

    response = client.post(reverse("customer-edit", args=[customer.pk]), _edit_form(customer, phones="12ab", grade="A"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "不是有效的电话号码" in html
    assert 'value="12ab"' not in html and "12ab" in html  # what was typed is kept
    customer.refresh_from_db()
    assert customer.grade == "B"
    assert not CustomerChange.objects.exists()


def test_field_staff_get_no_edit_page(client, world, customer):
    client.force_login(world.engineer)

    assert client.get(reverse("customer-edit", args=[customer.pk])).status_code == 403


def test_merge_and_undo_on_screen(client, world, customer):
    other = CustomerFactory(name="王建国", gender="male", phone="13900001111")
    client.force_login(world.supervisor)

    response = client.post(reverse("customer-merge", args=[customer.pk]), {"other": f"#{other.pk}"})

    assert response.status_code == 302
    assert Customer.objects.get(pk=other.pk).merged_into == customer
    client.force_login(world.admin)
    page = client.get(reverse("customer-detail", args=[other.pk])).content.decode()
    assert f'data-merged-into="{customer.pk}"' in page
    assert "data-undo-merge" in page
    client.post(reverse("customer-merge-undo", args=[CustomerMerge.objects.get().pk]))
    assert Customer.objects.get(pk=other.pk).merged_into is None


def test_merge_of_garbage_is_refused(client, world, customer):
    client.force_login(world.supervisor)

    response = client.post(reverse("customer-merge", args=[customer.pk]), {"other": "abc"})

    assert response.status_code == 400
    assert "客户不存在" in response.content.decode()
    assert not CustomerMerge.objects.exists()


def test_import_screen_checks_then_imports(client, world):
    client.force_login(world.manager)
    sheet = "小区,楼,单元,房号,姓名,性别,电话,等级\n翠湖苑,12,1,1502,王建国,男,13800138000,A\n".encode()

    checked = client.post(reverse("customer-import"), {"file": SimpleUploadedFile("业户.csv", sheet)})

    assert checked.status_code == 200
    html = checked.content.decode()
    assert "共 1 行：1 行可以导入，0 行会被拒绝。" in html
    assert not Customer.objects.exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    done = client.post(reverse("customer-import"), {"token": token, "filename": "业户.csv"})
    assert done.status_code == 302
    assert Customer.objects.get().name == "王建国"


def test_import_screen_lists_refused_rows(client, world):
    client.force_login(world.manager)
    sheet = "姓名,电话,等级\n王建国,13800138000,Z\n".encode()

    checked = client.post(reverse("customer-import"), {"file": SimpleUploadedFile("业户.csv", sheet)})

    html = checked.content.decode()
    assert 'data-refused-row="2"' in html
    assert "data-import-confirm" not in html


def test_agents_have_no_import_screen(client, world):
    client.force_login(world.agent)

    assert client.get(reverse("customer-import")).status_code == 403
