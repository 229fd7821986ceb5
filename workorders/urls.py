from django.urls import path

from workorders import portal, views

urlpatterns = [
    path("tickets/<str:number>/plan/", views.plan, name="ticket-plan"),
    path("tickets/<str:number>/plan/nodes/<int:seq>/done/", views.node_done, name="ticket-plan-node-done"),
    path("tickets/<str:number>/suborders/", views.suborder, name="ticket-suborder"),
    path("tickets/<str:number>/acceptance/", views.acceptance, name="ticket-acceptance"),
    # Under /portal/: public, like the progress page it is part of.
    path("portal/acceptance/", portal.accept_on_portal, name="portal-acceptance"),
]
