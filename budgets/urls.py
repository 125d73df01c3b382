from django.urls import path

from budgets import views

app_name = "budgets"
urlpatterns = [
    path("<int:pk>/budget/", views.budget, name="budget"),
    path("<int:pk>/budget/set-up/", views.budget_setup, name="setup"),
    path("<int:pk>/budget/funders/<int:funder_pk>/grants/new/", views.grant_edit, name="grant_add"),
    path("<int:pk>/budget/funders/<int:funder_pk>/grants/<int:grant_pk>/", views.grant_edit, name="grant_edit"),
    path("<int:pk>/budget/settings/", views.budget_edit, name="edit"),
    path("<int:pk>/budget/contributions/", views.contributions_edit, name="contributions"),
    path("<int:pk>/budget/transfers/", views.transfers, name="transfers"),
    path("<int:pk>/budget/transfers/new/", views.transfer_add, name="transfer_add"),
    path("<int:pk>/budget/transfers/<int:transfer_pk>/<slug:action>/", views.transfer_action, name="transfer_action"),
    path("<int:pk>/budget/expenditures/", views.expenditures, name="expenditures"),
    path("<int:pk>/budget/expenditures/new/", views.expenditure_add, name="expenditure_add"),
    path(
        "<int:pk>/budget/expenditures/<int:expenditure_pk>/remove/",
        views.expenditure_remove,
        name="expenditure_remove",
    ),
    path(
        "<int:pk>/budget/expenditures/<int:expenditure_pk>/receipt/",
        views.expenditure_attachment,
        name="expenditure_attachment",
    ),
    path("<int:pk>/budget/export/<slug:sheet>.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/budget/export.xlsx", views.export_xlsx, name="export_xlsx"),
]
