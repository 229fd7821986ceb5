from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from outages.models import Outage, OutageTicket
from outages.services import announce_outage


class OutageTicketInline(admin.TabularInline):
    model = OutageTicket
    extra = 0
    fields = ["ticket", "linked_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Outage)
class OutageAdmin(admin.ModelAdmin):
    list_display = ["kind", "starts_at", "ends_at", "buildings", "reason", "announced_at"]
    list_filter = ["kind"]
    filter_horizontal = ["communities"]
    readonly_fields = ["announced_at", "announced_by", "created_by", "created_at"]
    inlines = [OutageTicketInline]
    actions = ["announce"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Announce to the affected customers"))
    def announce(self, request, queryset):
        for outage in queryset:
            try:
                sent = announce_outage(outage, actor=request.user)
            except DomainError as error:
                messages.error(request, f"{outage}: {error.message}")
            else:
                messages.success(
                    request, _("%(outage)s: %(count)s customers notified.") % {"outage": outage, "count": len(sent)}
                )
