"""The emergency pages and the plan list cost a fixed number of queries, whatever the library's size."""

from django.test import Client

from emergency.actions import activate_plan, check_step, current_plan
from kefu.apitest import ApiClient


def test_the_plan_list_costs_a_constant_number_of_queries(world, library, django_assert_max_num_queries):
    client = ApiClient(world.agent)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/emergency/plans").json()) == 7


def test_the_live_page_costs_a_constant_number_of_queries(world, gas_ticket, django_assert_max_num_queries):
    activation = activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    for n in (1, 2, 3):
        check_step(activation, n, actor=world.manager)
    client = Client()
    client.force_login(world.engineer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/emergency/activations/{activation.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_the_overview_costs_a_constant_number_of_queries(world, gas_ticket, django_assert_max_num_queries):
    activate_plan(current_plan("gas_leak"), actor=world.agent, ticket=gas_ticket)
    client = Client()
    client.force_login(world.manager)
    with django_assert_max_num_queries(20):
        assert client.get("/emergency/").status_code == 200
