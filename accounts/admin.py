from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department, Staff


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "head", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Staff)
class StaffAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["work_number", "username", "name", "role", "department", "superior", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["work_number", "username", "name"]
    fieldsets = UserAdmin.fieldsets + (
        (None, {"fields": ["name", "work_number", "role", "department", "superior", "phone"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (None, {"fields": ["name", "work_number", "role", "department", "superior"]}),
    )
