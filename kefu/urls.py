from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from kefu.api import api

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", lambda request: HttpResponse("ok"), name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon.
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True), name="favicon"),
    path("customers/", include("customers.urls")),
    path("notifications/", include("notifications.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("outages/", include("outages.urls")),
    path("callbacks/", include("callbacks.urls")),
    path("complaints/", include("complaints.urls")),
    path("", include("fieldwork.urls")),
    path("", include("workorders.urls")),
    path("portal/knowledge/", include("knowledge.portal_urls")),
    path("portal/", include("portal.urls")),
    path("registers/", include("registers.urls")),
    path("shifts/", include("shifts.urls")),
    path("standards/", include("standards.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("staff/", include("staffing.urls")),
    path("appraisal/", include("appraisal.urls")),
    path("emergency/", include("emergency.urls")),
    path("reports/", include("reports.urls")),
    path("lists/", include("worklists.urls")),
    path("", include("tickets.urls")),
]
