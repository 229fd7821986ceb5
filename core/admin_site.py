from django.contrib.admin.apps import AdminConfig


class KefuAdminConfig(AdminConfig):
    default_site = "core.admin_site.KefuAdminSite"


from django.contrib import admin  # noqa: E402


class KefuAdminSite(admin.AdminSite):
    site_header = "kefu"

    def has_permission(self, request):
        # Configuration is the admin role's job only (issue 2 §6), whatever the staff flags say.
        user = request.user
        return bool(
            user.is_active and user.is_authenticated and getattr(user, "role", None) == "admin" and user.is_staff
        )
