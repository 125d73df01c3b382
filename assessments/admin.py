from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessments.models import GateDecision, GateRequest, GateRequirement, Point


@admin.register(Point)
class PointAdmin(admin.ModelAdmin):
    """The 15 points for thought are reference data: administrators correct their wording in each language."""

    list_display = ["number", "title", "phase", "reopen_on_renewal"]
    list_display_links = ["number", "title"]
    list_filter = ["phase", "reopen_on_renewal"]
    fieldsets = (
        (None, {"fields": ("number", "phase", "reopen_on_renewal")}),
        (_("English"), {"fields": ("title", "guidance", "questions")}),
        (_("French"), {"fields": ("title_fr", "guidance_fr", "questions_fr")}),
        (_("Hebrew"), {"fields": ("title_he", "guidance_he", "questions_he")}),
    )

    def has_add_permission(self, request):
        # The model has exactly 15 points; new ones would break the gates that count them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GateRequirement)
class GateRequirementAdmin(admin.ModelAdmin):
    """What each phase gate asks for. Changes apply to the next check of every partnership."""

    list_display = ["phase", "kind", "points", "number", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["phase", "kind", "is_active"]


class GateDecisionInline(admin.StackedInline):
    model = GateDecision
    extra = 0
    can_delete = False
    readonly_fields = ["outcome", "reason", "decided_by", "decided_at", "requirements_snapshot", "conditions"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GateRequest)
class GateRequestAdmin(admin.ModelAdmin):
    """Gate requests and decisions are a record: they are read here, decided in the application."""

    list_display = ["partnership", "from_phase", "cycle", "status", "requested_by", "requested_at"]
    list_filter = ["status", "from_phase"]
    search_fields = ["partnership__title"]
    readonly_fields = [f.name for f in GateRequest._meta.fields]
    inlines = [GateDecisionInline]

    def has_add_permission(self, request):
        return False
