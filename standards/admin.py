from django.contrib import admin

from standards.models import PhraseOverride


@admin.register(PhraseOverride)
class PhraseOverrideAdmin(admin.ModelAdmin):
    """Read-only: an override is a record of what was sent, not something to edit."""

    list_display = ("at", "staff", "ticket", "field", "reason")
    list_filter = ("field",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
