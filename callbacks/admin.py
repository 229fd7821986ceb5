from django.contrib import admin

from callbacks.models import Callback


@admin.register(Callback)
class CallbackAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "ticket", "customer", "due_at", "status", "outcome", "score", "attempts"]
    list_filter = ["status", "kind", "outcome"]
    search_fields = ["ticket__number"]
    raw_id_fields = ["ticket", "customer", "done_by", "created_by"]
    # Results are recorded through callbacks.actions.record_callback (the screen or the API), which
    # also moves the ticket; editing them here would leave the ticket behind.
    readonly_fields = ["outcome", "score", "answers", "done_at", "done_by", "attempts", "status"]
