from django.contrib import admin

from budgets.models import Budget, Contribution, Expenditure, Transfer


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    autocomplete_fields = ["ministry"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["partnership", "currency", "first_year", "last_year", "managed_by"]
    list_filter = ["currency", "managed_by"]
    search_fields = ["partnership__title"]
    filter_horizontal = ["committee"]
    inlines = [ContributionInline]


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["budget", "from_ministry", "to_ministry", "fiscal_year", "amount", "sent_at", "received_at"]
    list_filter = ["fiscal_year"]
    readonly_fields = ["sent_at", "sent_by", "received_at", "received_by"]


@admin.register(Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    list_display = ["budget", "date", "fiscal_year", "category", "amount", "ministry", "field_unit"]
    list_filter = ["category", "fiscal_year"]
    search_fields = ["description"]
