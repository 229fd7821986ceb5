from django.urls import path

from outages import views

urlpatterns = [
    path("", views.outage_list, name="outages"),
    path("new/", views.outage_create, name="outage-create"),
    path("<int:pk>/", views.outage_detail, name="outage-detail"),
    path("<int:pk>/announce/", views.outage_announce, name="outage-announce"),
]
