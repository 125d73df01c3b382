from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security log")

    def ready(self):
        # Sign-ins, failures and lockouts are announced by Django and Axes, not by our own services.
        import security.receivers  # noqa: F401
