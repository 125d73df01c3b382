from django.contrib import admin

from meetings.models import ActionItem, Conflict, Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["partnership", "kind", "date", "title"]
    list_filter = ["kind"]
    search_fields = ["partnership__title"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "owner_ministry", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "partnership__title"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "status"]
    list_filter = ["status"]
    search_fields = ["partnership__title"]
