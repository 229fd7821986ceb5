from django.urls import path

from deadlines.views import board, changes, commitments, subtypes

urlpatterns = [
    path("overdue/", board.board, name="overdue-board"),
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/set/", commitments.commitment_set, name="commitment-set"),
    path("commitments/<int:pk>/", commitments.commitment_history, name="commitment-history"),
    path("commitments/<int:pk>/retire/", commitments.commitment_retire, name="commitment-retire"),
    path("subtypes/", subtypes.subtypes, name="subtypes"),
    path("subtypes/add/", subtypes.subtype_add, name="subtype-add"),
    path("subtypes/<int:pk>/rename/", subtypes.subtype_rename, name="subtype-rename"),
    path("subtypes/<int:pk>/active/", subtypes.subtype_active, name="subtype-active"),
    path("subtypes/<int:pk>/move/", subtypes.subtype_move, name="subtype-move"),
    path("calendars/", commitments.calendar_screen, name="calendars"),
    path("calendars/save/", commitments.calendar_save, name="calendar-save"),
    path("calendars/<int:pk>/delete/", commitments.calendar_delete, name="calendar-delete"),
    path("calendars/days/", commitments.calendar_days_add, name="calendar-days-add"),
    path("calendars/national/", commitments.calendar_offer_confirm, name="calendar-offer-confirm"),
    path("calendars/days/<int:pk>/remove/", commitments.calendar_day_remove, name="calendar-day-remove"),
    path("changes/", changes.changes, name="settings-changes"),
]
