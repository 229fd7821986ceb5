from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from complaints.models import Case, Complaint, Criterion


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    """The company's definition of a valid complaint (投诉界定标准) is edited here; its "History"
    shows who changed which line, when, old → new."""

    list_display = ["text", "required", "order", "is_active"]
    list_editable = ["required", "order", "is_active"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["ticket", "target", "severity", "is_valid", "level", "compensation_approved"]
    list_filter = ["level", "severity", "is_valid", "target"]
    raw_id_fields = ["ticket", "target_staff", "accepted_by", "compensation_approved_by"]
    # Every step goes through complaints.actions so that it reaches the ticket's timeline.
    readonly_fields = [
        f
        for f in [
            "level",
            "major_reason",
            "accepted_by",
            "accepted_at",
            "compensation_approved",
            "compensation_approved_by",
            "is_valid",
        ]
    ]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "tags", "created_at"]
    search_fields = ["title", "situation", "solution", "tags"]
    raw_id_fields = ["complaint", "created_by"]
    exclude = ["search_tokens"]
