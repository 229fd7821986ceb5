from django.urls import path

from deadlines.views import board, changes, commitments

urlpatterns = [
    path("overdue/", board.board, name="overdue-board"),
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/set/", commitments.commitment_set, name="commitment-set"),
    path("commitments/<int:pk>/", commitments.commitment_history, name="commitment-history"),
    path("commitments/<int:pk>/retire/", commitments.commitment_retire, name="commitment-retire"),
    path("calendars/", commitments.calendar_screen, name="calendars"),
    path("calendars/save/", commitments.calendar_save, name="calendar-save"),
    path("calendars/<int:pk>/delete/", commitments.calendar_delete, name="calendar-delete"),
    path("calendars/days/", commitments.calendar_days_add, name="calendar-days-add"),
    path("calendars/national/", commitments.calendar_offer_confirm, name="calendar-offer-confirm"),
    path("calendars/days/<int:pk>/remove/", commitments.calendar_day_remove, name="calendar-day-remove"),
    path("changes/", changes.changes, name="settings-changes"),
]
