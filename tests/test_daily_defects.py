"""Defects found in the browser walk-through of issue 13, each held by a test."""

from datetime import date

from django.urls import reverse

from deadlines.forms import CalendarDayForm
from deadlines.models import BusinessCalendar
from notifications.models import Notification
from tickets.models import Ticket


def test_an_error_page_speaks_words_not_codes(client, world):
    client.force_login(world.agent)
    page = client.get(reverse("ticket-detail", args=["GD20990101-0001"]))
    assert page.status_code == 404
    text = page.content.decode()
    assert "未找到" in text
    assert ">not_found<" not in text and "错误代码" not in text


def test_a_complaint_form_error_comes_back_beside_the_form(client, world, make_ticket):
    ticket = make_ticket(category="complaint", content="保安态度差")
    client.force_login(world.agent)
    response = client.post(
        reverse("complaint-step", args=[ticket.number, "grade"]),
        {"target": "staff", "severity": "ordinary"},  # 员工 chosen, nobody named
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    fragment = response.content.decode()
    assert "<html" not in fragment and 'data-field="staff"' in fragment
    page = client.get(reverse("complaint-detail", args=[ticket.number])).content.decode()
    assert 'hx-post="/complaints/' in page and 'class="form-error"' in page


def test_the_calendar_screen_names_its_columns_and_weekdays_in_chinese(client, world):
    BusinessCalendar.objects.create(name="客服中心工作日", weekdays="12345")
    client.force_login(world.manager)
    page = client.get(reverse("calendars")).content.decode()
    assert "节日名称" in page and "工作时间" in page and "日历名称" in page
    assert "周一、周二、周三、周四、周五" in page
    assert "姓名" not in page


def test_a_date_input_is_filled_in_the_form_browsers_accept():
    form = CalendarDayForm(initial={"first": date(2027, 10, 1)})
    assert 'value="2027-10-01"' in str(form["first"])


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")


def test_an_online_request_alerts_the_desk_and_says_who_filed_it(client, world, settings):
    settings.KEFU_HOTLINE = "029-1234-5678"
    page = client.get(reverse("portal-submit")).content.decode()
    assert "029-1234-5678" in page  # the emergency notice says which number to call
    client.post(
        reverse("portal-submit"),
        {
            "category": "repair",
            "content": "厨房水管漏水",
            "name": "王建国",
            "phone": "13800138000",
            "address": "翠湖苑3-2-501",
        },
    )
    ticket = Ticket.objects.get()
    assert ticket.self_service
    told = set(
        Notification.objects.filter(ticket=ticket, template="online_request").values_list("staff__username", flat=True)
    )
    assert {"agent", "agent2", "night"} <= told
    client.force_login(world.agent)
    header = client.get(reverse("ticket-detail", args=[ticket.number])).content.decode()
    assert "data-self-service" in header and "客户在线提交" in header
