from django.urls import path

from standards import views

urlpatterns = [
    path("", views.manage, name="standards"),
    path("check/", views.check, name="language-check"),
    path("picker/", views.picker, name="phrase-picker"),
    path("scripts/", views.scripts, name="call-scripts"),
    path("forbidden/", views.forbidden_save, name="forbidden-create"),
    path("forbidden/<int:pk>/", views.forbidden_save, name="forbidden-update"),
    path("forbidden/<int:pk>/delete/", views.forbidden_delete, name="forbidden-delete"),
    path("phrases/", views.phrase_save, name="phrase-create"),
    path("phrases/<int:pk>/", views.phrase_save, name="phrase-update"),
    path("phrases/<int:pk>/delete/", views.phrase_delete, name="phrase-delete"),
]
