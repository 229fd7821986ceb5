from django.urls import path

from reports.views import lists, screens, subscriptions

urlpatterns = [
    path("", screens.dashboard, name="report-dashboard"),
    path("kpi/", screens.kpi_screen, name="report-kpi"),
    path("drill/", lists.drill, name="report-drill"),
    path("export/tickets.xlsx", lists.export_tickets, name="export-tickets"),
    path("export/callbacks.xlsx", lists.export_callbacks, name="export-callbacks"),
    path("export/complaints.xlsx", lists.export_complaints, name="export-complaints"),
    path("export/customers.xlsx", lists.export_customers, name="export-customers"),
    path("subscriptions/", subscriptions.subscription_list, name="report-subscriptions"),
    path("subscriptions/<int:pk>/delete/", subscriptions.subscription_delete, name="report-subscription-delete"),
]
