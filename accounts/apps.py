from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and sign-in")

    def ready(self):
        # The system checks about signing in are registered when the module loads.
        import accounts.checks
        import accounts.time_zones  # noqa: F401  (remembers the time zone at sign-in)
