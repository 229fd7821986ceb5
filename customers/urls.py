from django.urls import path

from customers import upkeep_views, views

urlpatterns = [
    path("", views.customer_search, name="customer-search"),
    path("import/", upkeep_views.customer_import, name="customer-import"),
    path("<int:pk>/", views.customer_page, name="customer-detail"),
    path("<int:pk>/edit/", upkeep_views.customer_edit, name="customer-edit"),
    path("<int:pk>/merge/", upkeep_views.customer_merge, name="customer-merge"),
    path("merges/<int:merge_id>/undo/", upkeep_views.merge_undo, name="customer-merge-undo"),
    path("<int:pk>/reveal-phones/", views.reveal_phones, name="customer-reveal-phones"),
]
