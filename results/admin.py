from django.contrib import admin

from results.models import Indicator, Milestone


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "unit", "baseline", "target", "target_date", "owner_ministry"]
    list_filter = ["unit", "frequency"]
    search_fields = ["name", "partnership__title"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "due_date", "status", "owner_ministry"]
    list_filter = ["status"]
    search_fields = ["title", "partnership__title"]
