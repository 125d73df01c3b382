from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.models import Participation, Partnership, StandingTeam


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = [
        "ministry",
        "unit",
        "kind",
        "signs_charter",
        "engagement",
        "role",
        "gain_share",
        "risk_share",
        "focal_person",
    ]
    autocomplete_fields = ["ministry", "unit", "focal_person"]
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


@admin.register(StandingTeam)
class StandingTeamAdmin(admin.ModelAdmin):
    """Teams of a cluster (serving several partnerships) are set up here; a partnership's on its pages."""

    list_display = ["name", "kind", "partnership", "cluster", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name", "name_fr", "name_he"]
    autocomplete_fields = ["partnership", "cluster"]
    filter_horizontal = ["organisations", "members"]
