from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import SignInView
from config import health, observability
from results import offline_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    # At the root, so that the installed app's service worker may control every page.
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("", include("accounts.urls")),
    path("", include("dashboards.urls")),
    path("", include("api.urls")),
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("ministries/", include("ministries.urls")),
    path("partnerships/", include("assessments.urls")),
    path("partnerships/", include("budgets.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("partnerships/", include("charters.urls")),
    path("partnerships/", include("results.urls")),
    path("partnerships/", include("meetings.urls")),
    path("", include("relations.urls")),
    path("", include("competences.urls")),
    path("inbox/", include("notifications.urls")),
    path("security/", include("security.urls")),
    path("", include("lessons.urls")),
    path("search/", include("search.urls")),
    path("", include("overlaps.urls")),
    path("", include("calendars.urls")),
    path("imports/", include("imports.urls")),
    path("admin/", admin.site.urls),
]
