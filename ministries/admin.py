from django.contrib import admin

from ministries.models import Cluster, FieldUnit, Invitation, JointSite, Jurisdiction, Ministry, Region


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "name_he"]
    search_fields = ["name", "name_fr", "name_he"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "name_he", "slug"]
    fields = ["name", "name_fr", "name_he", "slug", "shared_vision"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_fr", "name_he"]


class FieldUnitInline(admin.TabularInline):
    model = FieldUnit
    fields = ["name", "name_fr", "name_he", "kind", "parent"]
    extra = 0


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "jurisdiction"]
    list_filter = ["kind", "jurisdiction", "clusters"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "name_fr", "name_he", "short_name"]
    filter_horizontal = ["clusters"]
    # Support sees who added an organisation in the app (ministries:new) and when.
    readonly_fields = ["added_by", "added_at"]
    inlines = [FieldUnitInline]


@admin.register(FieldUnit)
class FieldUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ministry", "parent"]
    list_filter = ["kind", "ministry"]
    search_fields = ["name", "ministry__name"]
    autocomplete_fields = ["ministry", "parent"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction"]
    list_filter = ["jurisdiction"]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "name_fr", "name_he"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """For support: who was invited where, and where each invitation stands. Administrators use the app's pages."""

    list_display = ["email", "ministry", "role", "created_at", "confirmed_at", "sent_at", "accepted_at", "withdrawn_at"]
    list_filter = ["role", "ministry"]
    search_fields = ["email", "ministry__name"]
    readonly_fields = ["invited_by", "confirmed_by", "accepted_by"]


@admin.register(JointSite)
class JointSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "sponsor", "manager", "region"]
    search_fields = ["name", "name_fr", "name_he"]
    filter_horizontal = ["operators", "committee"]
    autocomplete_fields = ["sponsor", "manager", "region"]
