from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import services
from notifications.models import Notification, Reminder


class SentFilter(admin.SimpleListFilter):
    title = _("sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", _("Sent")), ("no", _("Not sent yet")), ("failed", _("Failed at least once"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(attempts__gt=0)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was sent to whom, when, and what failed: the record administrators look at."""

    list_display = ["kind", "recipient", "partnership", "due_date", "created_at", "sent_at", "emailed", "attempts"]
    list_filter = [SentFilter, "kind", "emailed"]
    search_fields = ["recipient__username", "recipient__last_name", "partnership__title"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "partnership"]
    readonly_fields = [
        "kind",
        "subject_type",
        "subject_id",
        "due_date",
        "recipient",
        "partnership",
        "context",
        "url",
        "created_at",
        "sent_at",
        "emailed",
        "attempts",
        "last_error",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try sending the selected unsent reminders again"))
    def send_again(self, request, queryset):
        count = services.reminders_send_again(reminders=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d reminder queued again.", "%(count)d reminders queued again.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__last_name"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "title", "body", "url", "partnership", "reminder", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False
