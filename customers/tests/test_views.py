"""客户档案 screens: search, the customer page with the full service history, phone reveal (F1-F4)."""

import re

import pytest
import time_machine
from django.urls import reverse

from customers.models import Area, Community, PhoneReveal
from tests.factories import CustomerFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def found(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-customer="(\d+)"', response.content.decode())]


@pytest.mark.parametrize(
    "query",
    ["王", "王建", "8000", "13800138000", "翠湖"],
)
def test_search_finds_by_name_prefix_phone_digits_and_community(client, world, customer, query):
    client.force_login(world.agent)

    response = client.get(reverse("customer-search"), {"q": query})

    assert response.status_code == 200
    assert found(response) == [customer.pk]
    html = response.content.decode()
    assert "138****8000" in html and "13800138000" not in html.split('name="q"')[1].split("</form>")[1]


def test_search_without_a_query_lists_nobody(client, world, customer):
    client.force_login(world.agent)

    response = client.get(reverse("customer-search"))

    assert response.status_code == 200
    assert found(response) == []


def test_search_answers_htmx_with_the_results_fragment(client, world, customer):
    client.force_login(world.agent)

    html = client.get(reverse("customer-search"), {"q": "王"}, **HTMX).content.decode()

    assert "<html" not in html and f'data-customer="{customer.pk}"' in html


@pytest.mark.parametrize("persona", ["engineer", "guard"])
def test_field_staff_are_refused_the_archive(client, world, customer, persona):
    client.force_login(getattr(world, persona))

    assert client.get(reverse("customer-search"), {"q": "王"}).status_code == 403
    assert client.get(reverse("customer-detail", args=[customer.pk])).status_code == 403
    assert client.post(reverse("customer-reveal-phones", args=[customer.pk]), **HTMX).status_code == 403
    assert not PhoneReveal.objects.exists()


def test_field_staff_have_no_archive_link(client, world):
    client.force_login(world.engineer)

    html = client.get(reverse("department-queue")).content.decode()

    assert reverse("customer-search") not in html


def test_the_customer_page_shows_the_card_and_the_full_history_newest_first(client, world, customer, make_ticket):
    Community.objects.filter(name="翠湖苑").update(area=Area.objects.create(name="东区", steward=world.steward))
    with time_machine.travel("2026-01-05 10:00 +0800"):
        old = make_ticket(content="去年的报修")
    with time_machine.travel("2026-02-05 10:00 +0800"):
        new = make_ticket(content="今年的投诉", category="complaint")
    client.force_login(world.agent)

    response = client.get(reverse("customer-detail", args=[customer.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert customer.honorific in html and customer.premises.get().address in html
    assert world.steward.display_name in html
    assert "138****8000" in html and "13800138000" not in html
    assert re.findall(r'<tr class="[^"]*" data-ticket="([^"]+)"', html) == [new.number, old.number]
    assert "data-reveal-phone" in html


def test_the_history_is_paginated(client, world, customer, make_ticket, settings):
    settings.KEFU_PAGE_SIZE = 2
    numbers = [make_ticket(content=f"第{i}次").number for i in range(3)]
    client.force_login(world.agent)

    second = client.get(reverse("customer-detail", args=[customer.pk]), {"page": 2}, **HTMX)

    html = second.content.decode()
    assert "<html" not in html
    assert re.findall(r'data-ticket="([^"]+)"', html) == [numbers[0]]


def test_the_history_lists_only_this_customer(client, world, customer, make_ticket):
    other = CustomerFactory(name="张伟", phone="13700000000")
    theirs = make_ticket(customer=other)
    client.force_login(world.agent)

    html = client.get(reverse("customer-detail", args=[customer.pk])).content.decode()

    assert theirs.number not in html


def test_an_unknown_customer_is_404(client, world):
    client.force_login(world.agent)

    assert client.get(reverse("customer-detail", args=[999999])).status_code == 404


def test_show_number_reveals_all_phones_and_records_who_looked(client, world, customer):
    client.force_login(world.agent)

    response = client.post(reverse("customer-reveal-phones", args=[customer.pk]), **HTMX)

    assert response.status_code == 200
    assert "13800138000" in response.content.decode()
    reveal = PhoneReveal.objects.get()
    assert reveal.customer == customer and reveal.actor == world.agent


def test_a_quality_inspector_reads_the_archive_but_cannot_reveal_numbers(client, world, customer):
    client.force_login(world.qa)

    page = client.get(reverse("customer-detail", args=[customer.pk]))
    reveal = client.post(reverse("customer-reveal-phones", args=[customer.pk]), **HTMX)

    assert page.status_code == 200 and "data-reveal-phone" not in page.content.decode()
    assert reveal.status_code == 403 and "13800138000" not in reveal.content.decode()
    assert not PhoneReveal.objects.exists()


def test_reveal_needs_post(client, world, customer):
    client.force_login(world.agent)

    assert client.get(reverse("customer-reveal-phones", args=[customer.pk])).status_code == 405
