from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import SupportSignInForm
from accounts.models import User
from ministries.models import Membership
from security.models import SecurityEvent
from security.services import security_event_record

admin.site.login_form = SupportSignInForm

# Memberships are kept here, beside the people, rather than in ministries' admin: each change of a role
# goes to the security log of the ministry it concerns, and ministries sits below the log.


def _log_membership(request, membership, what):
    security_event_record(
        kind=SecurityEvent.Kind.MEMBERSHIP_CHANGED,
        user=request.user,
        request=request,
        ministries=[membership.ministry_id],
        username=request.user.get_username(),
        detail=_("%(what)s: %(person)s, %(role)s")
        % {"what": what, "person": membership.user.get_username(), "role": membership.get_role_display()},
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["ministry", "role", "field_unit", "can_sign"]
    autocomplete_fields = ["ministry", "field_unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (gettext_lazy("Work"), {"fields": ("job_title", "phone", "preferred_language", "notify_by")}),
    )
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        powers = {"is_superuser", "is_staff", "is_active"} & set(form.changed_data)
        if change and powers:
            security_event_record(
                kind=SecurityEvent.Kind.MEMBERSHIP_CHANGED,
                user=request.user,
                request=request,
                ministries=[m.ministry_id for m in obj.memberships.all()],
                detail=_("%(person)s: %(fields)s changed")
                % {"person": obj.get_username(), "fields": ", ".join(sorted(powers))},
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            for membership in formset.new_objects:
                _log_membership(request, membership, _("Added"))
            for membership, _fields in formset.changed_objects:
                _log_membership(request, membership, _("Changed"))
            for membership in formset.deleted_objects:
                _log_membership(request, membership, _("Removed"))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "ministry", "role", "field_unit", "can_sign"]
    list_filter = ["role", "ministry"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ministry__name"]
    autocomplete_fields = ["user", "ministry", "field_unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _log_membership(request, obj, _("Changed") if change else _("Added"))

    def delete_model(self, request, obj):
        _log_membership(request, obj, _("Removed"))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            _log_membership(request, membership, _("Removed"))
        super().delete_queryset(request, queryset)
