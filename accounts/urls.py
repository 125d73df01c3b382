from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("two-step/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/", views.two_factor_verify, name="two_factor_verify"),
    path("two-step/off/", views.two_factor_turn_off, name="two_factor_turn_off"),
    path("sso/start/", login_not_required(views.SingleSignOnStartView.as_view()), name="sso_start"),
    path("sso/callback/", login_not_required(views.SingleSignOnCallbackView.as_view()), name="sso_callback"),
    path("sso/refused/", views.sso_refused, name="sso_refused"),
]
