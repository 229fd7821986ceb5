from django.contrib import admin, messages
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from deadlines.models import BusinessCalendar, CalendarDay, CommitmentPolicy
from deadlines.services import revise_policy


@admin.register(CommitmentPolicy)
class CommitmentPolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "category",
        "priority",
        "grade",
        "kind",
        "minutes",
        "calendar",
        "version",
        "is_active",
        "updated_at",
        "changed_by",
    ]
    list_filter = ["category", "kind", "grade", "is_active", "calendar"]
    readonly_fields = ["version", "updated_at", "changed_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.changed_by = request.user
            obj.save()
            return
        # A version that has set deadlines is kept as the record of what was promised; the edit
        # becomes the next version, for new tickets only.
        terms = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        original = CommitmentPolicy.objects.get(pk=obj.pk)
        saved = revise_policy(original, actor=request.user, **terms)
        if saved.pk != obj.pk:
            obj.pk = saved.pk
            messages.info(
                request,
                _("The old version set deadlines already; version %(version)s was created.")
                % {"version": saved.version},
            )

    def has_delete_permission(self, request, obj=None):
        # Deleting would orphan the record of promises made; retire a policy with "active" instead.
        return obj is None or not obj.is_used()


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "around_the_clock", "day_start", "day_end", "weekdays"]


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"  # entered and reviewed per year
    search_fields = ["name"]
