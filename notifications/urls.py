from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.inbox, name="notifications"),
    path("bell/", views.bell, name="notifications-bell"),
    path("read/", views.read_all, name="notifications-read"),
]
