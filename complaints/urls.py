from django.urls import path

from complaints import views

urlpatterns = [
    path("", views.register, name="complaint-register"),
    path("cases/", views.case_library, name="case-library"),
    path("cases/similar/", views.similar_for_intake, name="case-similar"),
    path("<str:number>/", views.complaint_page, name="complaint-detail"),
    path("<str:number>/<slug:step>/", views.complaint_step, name="complaint-step"),
]
