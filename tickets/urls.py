from django.urls import path

from tickets.views import actions, appointments, detail, intake, late, lists

urlpatterns = [
    path("", lists.home, name="home"),
    path("intake/", intake.intake, name="intake"),
    path("intake/caller/", intake.caller, name="intake-caller"),
    path("mine/", lists.my_tickets, name="my-tickets"),
    path("tasks/", lists.my_tasks, name="my-tasks"),
    path("queue/", lists.department_queue, name="department-queue"),
    path("board/", lists.board, name="board"),
    path("tickets/<str:number>/", detail.ticket_page, name="ticket-detail"),
    path("tickets/<str:number>/timeline/", detail.ticket_timeline, name="ticket-timeline"),
    path("tickets/<str:number>/reveal-phone/", detail.reveal_phone, name="ticket-reveal-phone"),
    path("tickets/<str:number>/note/", actions.ticket_note, name="ticket-note"),
    path("tickets/<str:number>/late/", late.ticket_late, name="ticket-late"),
    path("tickets/<str:number>/appointment/", appointments.ticket_reschedule, name="ticket-reschedule"),
    path("tickets/<str:number>/<slug:action>/", actions.ticket_action, name="ticket-action"),
]
