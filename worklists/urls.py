from django.urls import path

from worklists import views

urlpatterns = [
    path("tools/", views.tools, name="list-tools"),
    path("bulk/", views.bulk, name="bulk-tickets"),
    path("filters/", views.save, name="saved-filter-save"),
    path("filters/<int:pk>/delete/", views.delete, name="saved-filter-delete"),
]
