from django.urls import path

from portal import views

urlpatterns = [
    path("", views.submit, name="portal-submit"),
    path("lookup/", views.lookup, name="portal-lookup"),
    path("photos/<str:number>/<int:photo_id>/", views.staff_photo, name="portal-photo"),
]
