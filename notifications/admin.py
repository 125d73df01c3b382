from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification, Reminder


class SentFilter(admin.SimpleListFilter):
    title = _("sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Sent")),
            ("no", _("Not sent yet")),
            ("failed", _("Failed at least once")),
            ("given_up", _("Gave up: waiting for someone to send it again")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(attempts__gt=0)
        if self.value() == "given_up":
            return queryset.given_up()
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was sent to whom, when, and what failed: the record administrators look at.

    "Gave up" lists the reminders that failed as often as allowed (INTERLOCK_REMINDER_MAX_ATTEMPTS),
    each with its last error and a button that sends it again.
    """

    list_display = [
        "kind",
        "recipient",
        "partnership",
        "due_date",
        "created_at",
        "sent_at",
        "emailed",
        "attempts",
        "last_error_summary",
        "send_again_button",
    ]
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
        "next_attempt_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        send_again = self.admin_site.admin_view(require_POST(self.send_again_view))
        return [
            path("<int:pk>/send-again/", send_again, name="notifications_reminder_send_again"),
            *super().get_urls(),
        ]

    @admin.display(description=_("last error"))
    def last_error_summary(self, reminder):
        return Truncator(reminder.last_error).chars(120)

    @admin.display(description=_("send again"))
    def send_again_button(self, reminder):
        if reminder.sent_at is not None:
            return ""
        # The list is itself a form (for the actions): the button posts it, with its CSRF token, to this
        # reminder's own address; a form of its own cannot sit inside another.
        return format_html(
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:notifications_reminder_send_again", args=[reminder.pk]),
            gettext("Send again"),
        )

    def send_again_view(self, request, pk):
        reminder = get_object_or_404(Reminder, pk=pk)
        if not self.has_change_permission(request, reminder):
            raise PermissionDenied
        if services.reminders_send_again(reminders=[reminder]):
            self.message_user(request, gettext("The reminder is queued to be sent again."), messages.SUCCESS)
        else:
            self.message_user(request, gettext("This reminder is sent already."), messages.WARNING)
        return redirect(reverse("admin:notifications_reminder_changelist") + "?sent=given_up")

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
