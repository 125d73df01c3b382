from django.contrib import admin

from security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read only: a log that can be edited proves nothing."""

    list_display = ["created_at", "kind", "username", "ministry", "partnership", "ip_address"]
    list_filter = ["kind", "ministry"]
    search_fields = ["username", "detail"]
    list_select_related = ["ministry", "partnership"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
