from django.urls import path

from registers import views

urlpatterns = [
    path("", views.register_list, name="registers"),
    path("new/<slug:kind>/", views.register_create, name="register-create"),
    path("key-authorisations/", views.authorisation_create, name="register-authorisation"),
    path("<int:pk>/", views.register_entry, name="register-entry"),
    path("<int:pk>/close/", views.register_close, name="register-close"),
    path("<int:pk>/told/", views.register_told, name="register-told"),
    path("<int:pk>/step/", views.register_step, name="register-step"),
    path("customer/<int:customer_id>/", views.customer_panel, name="register-customer-panel"),
]
