from django.urls import path

from callbacks import views

urlpatterns = [
    path("", views.queue, name="callback-queue"),
    path("new/", views.new_callback, name="callback-new"),
    path("figures/", views.figures, name="satisfaction-figures"),
    path("figures/strip/", views.figures_strip, name="satisfaction-strip"),
    path("<int:callback_id>/", views.callback_page, name="callback-detail"),
    path("<int:callback_id>/record/", views.record, name="callback-record"),
]
