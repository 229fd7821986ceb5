from django.contrib import admin

from notifications.models import ContactPreference, Notification


@admin.register(ContactPreference)
class ContactPreferenceAdmin(admin.ModelAdmin):
    list_display = ["customer", "channel", "email", "phone"]
    list_filter = ["channel"]
    search_fields = ["customer__name", "email", "phone"]
    raw_id_fields = ["customer"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox and delivery record: read-only, for tracing what was sent to whom and why."""

    list_display = ["created_at", "template", "channel", "address", "staff", "customer", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "template"]
    search_fields = ["address", "ticket__number"]
    date_hierarchy = "created_at"
    list_select_related = ["staff", "customer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
