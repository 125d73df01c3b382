from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from ministries.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["ministry", "role", "field_unit", "can_sign"]
    autocomplete_fields = ["ministry", "field_unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Work"), {"fields": ("job_title", "phone", "preferred_language", "notify_by")}),
    )
    inlines = [MembershipInline]
