from django.urls import path

from customers import views

urlpatterns = [
    path("", views.customer_search, name="customer-search"),
    path("<int:pk>/", views.customer_page, name="customer-detail"),
    path("<int:pk>/reveal-phones/", views.reveal_phones, name="customer-reveal-phones"),
]
