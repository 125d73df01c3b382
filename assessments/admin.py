from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Point


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
