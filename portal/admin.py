from django.contrib import admin

from portal.models import Photo, Rating


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["ticket", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["ticket"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["ticket", "score", "rated_at"]
    raw_id_fields = ["ticket"]
    readonly_fields = ["ticket", "score", "comment", "rated_at"]
