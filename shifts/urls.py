from django.urls import path

from shifts.views import duty, handover, log

urlpatterns = [
    path("header/", duty.duty_header, name="duty-header"),
    path("roster/", duty.roster, name="roster"),
    path("roster/rotation/", duty.roster_rotation, name="roster-rotation"),
    path("roster/day/", duty.roster_day, name="roster-day"),
    path("roster/swaps/", duty.swap_ask, name="swap-ask"),
    path("roster/swaps/<int:pk>/<slug:decision>/", duty.swap_decide, name="swap-decide"),
    path("handover/", handover.handover_home, name="handover"),
    path("handover/new/", handover.handover_create, name="handover-create"),
    path("handover/items/<int:pk>/done/", handover.item_done, name="handover-item-done"),
    path("handovers/", handover.handover_search, name="handover-search"),
    path("handovers/<int:pk>/", handover.handover_detail, name="handover-detail"),
    path("handovers/<int:pk>/acknowledge/", handover.handover_acknowledge, name="handover-acknowledge"),
    path("morning/", handover.morning_list, name="morning-list"),
    path("log/", log.work_log, name="work-log"),
    path("log/save/", log.work_log_save, name="work-log-save"),
    path("patrols/", log.patrol_create, name="patrol-create"),
    path("hazards/<int:pk>/ticket/", log.hazard_ticket, name="hazard-ticket"),
    path("hazards/<int:pk>/photo/", log.hazard_photo, name="hazard-photo"),
]
