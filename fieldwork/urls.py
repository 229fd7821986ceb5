from django.urls import path

from fieldwork import views

urlpatterns = [
    path("tickets/<str:number>/photos/", views.upload_photos, name="completion-photos"),
    path("tickets/<str:number>/photos/<int:photo_id>/", views.staff_photo, name="completion-photo"),
    path("tickets/<str:number>/work-order/", views.work_order, name="work-order"),
    path("portal/completion/<str:token>/", views.customer_photo, name="completion-photo-public"),
]
