from django.contrib import admin

from charters.models import CharterVersion


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
