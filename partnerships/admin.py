from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, CharterVersion, Conflict, Indicator, Meeting, Milestone, Participation, Partnership


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


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    """Charters are negotiated and signed in the application; here they can only be read."""

    list_display = ["partnership", "number", "status", "sent_for_signature_at", "signed_at"]
    list_filter = ["status"]
    search_fields = ["partnership__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
