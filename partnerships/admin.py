from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import Participation, Partnership


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["ministry", "role", "gain_share", "risk_share", "focal_person"]
    autocomplete_fields = ["ministry", "focal_person"]
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    """For support: the partnership pages are where people work; phases change only through gates."""

    list_display = ["title", "phase", "status", "cycle", "start_date", "end_date"]
    list_filter = ["phase", "status", "structure_type"]
    search_fields = ["title"]
    readonly_fields = ["phase", "cycle"]
    filter_horizontal = ["regions"]
    inlines = [ParticipationInline]
