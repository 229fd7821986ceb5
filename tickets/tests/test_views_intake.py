"""受理 screen: the caller card (A4) and the one-POST record-and-dispatch (A1-A3, B1)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from customers.models import Area, Community, Customer, CustomerType
from tickets.models import Ticket

HTMX = {"HTTP_HX_REQUEST": "true"}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def agent_client(client, world):
    client.force_login(world.agent)
    return client


def intake_post(**overrides):
    data = {
        "phone": "13800138000",
        "category": "repair",
        "channel": "phone",
        "priority": "normal",
        "content": "厨房水管漏水，楼下渗水",
    }
    data.update(overrides)
    return data


def pick_of(customer):
    return f"{customer.pk}:{customer.premises.first().pk}"


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("intake"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("agent", "intake"),
        ("steward", "intake"),
        ("night", "intake"),
        ("engineer", "department-queue"),
        ("supervisor", "board"),
        ("manager", "board"),
        ("qa", "board"),
        ("admin", "board"),
    ],
)
def test_home_sends_each_role_to_its_work(client, world, persona, target):
    client.force_login(getattr(world, persona))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_intake_page_renders_for_an_agent(agent_client, world):
    response = agent_client.get(reverse("intake"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="phone"' in html and "autofocus" in html
    assert 'hx-get="/intake/caller/"' in html
    assert 'value="emergency"' in html  # the category row
    assert world.eng.name in html  # the dispatch-to choice
    assert world.agent.work_number in html  # who is logged in


@pytest.mark.parametrize("persona", ["engineer", "guard", "qa", "admin"])
def test_intake_refuses_staff_who_do_not_take_requests(client, world, persona):
    client.force_login(getattr(world, persona))

    assert client.get(reverse("intake")).status_code == 403
    assert client.post(reverse("intake"), intake_post(pick="new", new_name="张三")).status_code == 403
    assert client.get(reverse("intake-caller"), {"phone": "13800138000"}, **HTMX).status_code == 403
    assert not Ticket.objects.exists()


def test_caller_card_shows_honorific_grade_tip_steward_and_confirmation_line(agent_client, world, customer):
    customer.customer_type = CustomerType.objects.create(name="企业主", service_tip="时间观念强，预约务必准时")
    customer.save()
    area = Area.objects.create(name="东区", steward=world.steward)
    Community.objects.filter(name="翠湖苑").update(area=area)

    response = agent_client.get(reverse("intake-caller"), {"phone": "138-0013-8000"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # the fragment only
    assert customer.honorific in html
    assert "时间观念强，预约务必准时" in html
    assert world.steward.display_name in html and world.steward.work_number in html
    premises = customer.premises.get()
    assert premises.address in html
    assert f'value="{customer.pk}:{premises.pk}"' in html and "checked" in html
    assert "data-confirm-line" in html and customer.honorific in html.split("data-confirm-line>")[1].split("</p>")[0]


def test_caller_card_lists_only_the_last_five_tickets(agent_client, make_ticket):
    numbers = [make_ticket(content=f"第{i}次报修").number for i in range(7)]

    html = agent_client.get(reverse("intake-caller"), {"phone": "13800138000"}, **HTMX).content.decode()

    assert all(number in html for number in numbers[-5:])
    assert numbers[0] not in html and numbers[1] not in html


def test_caller_card_for_an_unknown_number_offers_the_new_customer_fields(agent_client, customer):
    html = agent_client.get(reverse("intake-caller"), {"phone": "13912345678"}, **HTMX).content.decode()

    assert "data-new-caller" in html
    assert 'name="pick" value="new"' in html
    assert 'name="new_name"' in html and 'name="new_community"' in html
    assert customer.honorific not in html


def test_caller_card_waits_for_a_real_number(agent_client, customer):
    html = agent_client.get(reverse("intake-caller"), {"phone": "13"}, **HTMX).content.decode()

    assert "new_name" not in html and customer.honorific not in html


def test_one_post_records_the_request_and_dispatches_it(agent_client, world, customer):
    response = agent_client.post(
        reverse("intake"), intake_post(pick=pick_of(customer), dispatch_to="eng", dispatch_note="带上管钳")
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ticket-detail", args=[ticket.number])
    assert ticket.customer == customer and ticket.premises == customer.premises.get()
    assert ticket.status == "dispatched" and ticket.department == world.eng
    assert ticket.owner == world.agent and ticket.created_by == world.agent
    assert ticket.contact_phone == "13800138000" and ticket.contact_address == customer.premises.get().address
    assert [e.kind for e in ticket.events.all()] == ["created", "dispatched"]
    assert ticket.events.get(kind="dispatched").data["note"] == "带上管钳"
    page = agent_client.get(response["Location"]).content.decode()
    assert ticket.number in page  # the success message names the number


def test_without_a_department_the_request_is_only_recorded(agent_client, customer):
    agent_client.post(reverse("intake"), intake_post(pick=pick_of(customer)))

    ticket = Ticket.objects.get()
    assert ticket.status == "new" and ticket.department is None


def test_a_new_caller_is_added_to_the_archive_with_the_ticket(agent_client, world):
    Community.objects.create(name="翠湖苑")  # picked from the archive (issue 13), never typed
    response = agent_client.post(
        reverse("intake"),
        intake_post(
            phone="139 1234 5678",
            pick="new",
            new_name="李秀英",
            new_gender="female",
            new_grade="A",
            new_community="翠湖苑",
            new_building="5",
            new_unit="1",
            new_room="302",
            dispatch_to="eng",
        ),
    )

    assert response.status_code == 302
    customer = Customer.objects.get()
    assert customer.name == "李秀英" and customer.gender == "female"
    assert customer.grade == "A" and customer.created_by == world.agent
    assert list(customer.phones.values_list("number", flat=True)) == ["13912345678"]
    ticket = Ticket.objects.get()
    assert ticket.customer == customer and ticket.contact_address == "翠湖苑5号楼1单元302室"
    assert ticket.status == "dispatched"


def test_bad_input_shows_the_error_keeps_the_input_and_writes_nothing(agent_client):
    response = agent_client.post(
        reverse("intake"),
        intake_post(
            phone="13912345678", pick="new", new_name="李秀英", new_community="翠湖苑", content="   ", dispatch_to="eng"
        ),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="alert alert-error"' in html and 'data-field="content"' in html
    assert 'value="李秀英"' in html and 'value="13912345678"' in html  # the input is kept
    assert not Customer.objects.exists()  # the new customer was rolled back with the ticket
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "gossip"}, "category"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "asap"}, "priority"),
        ({"dispatch_to": "nowhere"}, "dispatch_to"),
        ({"appointment_at": "tomorrow-ish"}, "appointment_at"),
        ({"received_at": "after lunch"}, "received_at"),
        ({"received_at": "2099-01-01T09:00"}, "received_at"),
        ({"pick": "999999:"}, "pick"),
        ({"pick": "abc"}, "pick"),
        ({"pick": ""}, "phone"),
        ({"phone": ""}, "phone"),
        ({"pick": "new", "new_name": ""}, "name"),
        ({"pick": "new", "new_name": "张三", "phone": "12"}, "phones"),
        ({"content": "字" * 2001}, "content"),
    ],
)
def test_garbage_is_refused_with_a_field_error_and_nothing_written(agent_client, customer, overrides, field):
    data = intake_post(pick=pick_of(customer), dispatch_to="eng")
    data.update(overrides)

    response = agent_client.post(reverse("intake"), data)

    assert response.status_code == 400
    assert f'data-field="{field}"' in response.content.decode()
    assert not Ticket.objects.exists()
    assert Customer.objects.count() == 1


def test_a_paper_record_is_entered_with_its_original_time(agent_client, customer):
    """The system-failure plan: calls written on the paper form while the system was down are
    entered afterwards with the time they came in, and their promises run from that time."""
    written = (datetime.now(SHANGHAI) - timedelta(hours=3)).replace(second=0, microsecond=0)
    response = agent_client.post(
        reverse("intake"),
        intake_post(pick=pick_of(customer), received_at=written.strftime("%Y-%m-%dT%H:%M"), dispatch_to="eng"),
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.received_at == written
    assert ticket.deadlines.get(kind="dispatch").started_at == ticket.received_at


def test_the_intake_screen_offers_the_back_entry_time(agent_client):
    assert 'name="received_at"' in agent_client.get(reverse("intake")).content.decode()


def test_a_premises_of_another_customer_is_refused(agent_client, customer):
    from tests.factories import CustomerFactory

    other = CustomerFactory(name="张伟", phone="13700000000")

    response = agent_client.post(reverse("intake"), intake_post(pick=f"{customer.pk}:{other.premises.get().pk}"))

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_an_inactive_department_rolls_the_whole_intake_back(agent_client, world):
    world.eng.is_active = False
    world.eng.save()

    response = agent_client.post(
        reverse("intake"), intake_post(phone="13912345678", pick="new", new_name="赵六", dispatch_to="eng")
    )

    assert response.status_code == 400
    assert not Customer.objects.exists() and not Ticket.objects.exists()


def test_the_appointment_is_read_in_the_company_time_zone(agent_client, customer):
    year = datetime.now(SHANGHAI).year + 1  # within the bounds of issue 11 (at most 5 years ahead)
    agent_client.post(reverse("intake"), intake_post(pick=pick_of(customer), appointment_at=f"{year}-03-01T09:30"))

    ticket = Ticket.objects.get()
    assert ticket.appointment_at == datetime(year, 3, 1, 9, 30, tzinfo=SHANGHAI)


def test_an_emergency_is_recorded_urgent(agent_client, customer):
    agent_client.post(
        reverse("intake"),
        intake_post(pick=pick_of(customer), category="emergency", priority="", content="楼道燃气泄漏"),
    )

    ticket = Ticket.objects.get()
    assert ticket.category == "emergency" and ticket.priority == "urgent"


def test_a_new_callers_community_is_picked_from_the_archive_and_a_typo_founds_nothing(agent_client, world):
    Community.objects.create(name="金桂园")
    page = agent_client.get(reverse("intake-caller"), {"phone": "13912345678"}, **HTMX).content.decode()
    assert '<option value="金桂园">' in page
    assert '<option value="unknown" selected>' in page  # no gender invented: the agent asks
    response = agent_client.post(
        reverse("intake"),
        intake_post(phone="13912345678", pick="new", new_name="李秀英", new_community="金贵园", dispatch_to="eng"),
    )
    assert response.status_code == 400
    assert "new_community" in response.content.decode()
    assert not Customer.objects.exists() and not Ticket.objects.exists()
    assert list(Community.objects.values_list("name", flat=True)) == ["金桂园"]
