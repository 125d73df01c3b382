from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import token_views, views

app_name = "api"

partnership = "api/v1/partnerships/<int:pk>/"
urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/reference/", views.Reference.as_view(url_name="api:schema"), name="reference"),
    path("api/v1/partnerships/", views.PartnershipList.as_view(), name="partnerships"),
    path(partnership, views.PartnershipDetail.as_view(), name="partnership"),
    path(f"{partnership}charter-versions/", views.CharterVersions.as_view(), name="charter_versions"),
    path(f"{partnership}points/", views.Points.as_view(), name="points"),
    path(f"{partnership}gates/", views.Gates.as_view(), name="gates"),
    path(f"{partnership}indicators/", views.Indicators.as_view(), name="indicators"),
    path(f"{partnership}measurements/", views.Measurements.as_view(), name="measurements"),
    path(f"{partnership}milestones/", views.Milestones.as_view(), name="milestones"),
    path(f"{partnership}progress-logs/", views.ProgressLogs.as_view(), name="progress_logs"),
    path(f"{partnership}meetings/", views.Meetings.as_view(), name="meetings"),
    path(f"{partnership}decisions/", views.Decisions.as_view(), name="decisions"),
    path(f"{partnership}action-items/", views.ActionItems.as_view(), name="action_items"),
    path(f"{partnership}action-items/<int:item_pk>/", views.ActionItemDetail.as_view(), name="action_item"),
    path(f"{partnership}budget/", views.BudgetDetail.as_view(), name="budget"),
    path(f"{partnership}expenditures/", views.Expenditures.as_view(), name="expenditures"),
    path(f"{partnership}health-checks/", views.HealthChecks.as_view(), name="health_checks"),
    path(f"{partnership}reviews/", views.Reviews.as_view(), name="reviews"),
    # The person's tokens are a page of their details.
    path("profile/api-tokens/", token_views.tokens, name="tokens"),
    path("profile/api-tokens/<int:token_pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
