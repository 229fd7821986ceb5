from django.urls import path

from emergency.views import activations, drills, plans, revise

app_name = "emergency"

urlpatterns = [
    path("", plans.overview, name="overview"),
    path("activate", activations.activate, name="activate-chosen"),
    path("paper-form/", plans.paper_form, name="paper-form"),
    path("drills/", drills.board, name="drills"),
    path("drills/record", drills.record, name="record-drill"),
    path("plans/<slug:code>/", plans.plan_page, name="plan"),
    path("plans/<slug:code>/activate", activations.activate, name="activate"),
    path("plans/<slug:code>/revise", revise.revise, name="revise"),
    path("activations/<int:pk>/", activations.live, name="activation"),
    path("activations/<int:pk>/steps/<int:n>", activations.step_done, name="step"),
    path("activations/<int:pk>/close", activations.close, name="close"),
    path("actions/<int:pk>/done", activations.action_done, name="action-done"),
]
