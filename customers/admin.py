from django.contrib import admin

from customers.models import Area, Community, CustomerType


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "steward"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area"]


@admin.register(CustomerType)
class CustomerTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "service_tip"]
