from django.urls import path

from staffing import views

urlpatterns = [
    path("", views.staff_list, name="staff-list"),
    path("<str:username>/", views.staff_edit, name="staff-edit"),
    path("<str:username>/reassign/", views.reassign, name="staff-reassign"),
]
