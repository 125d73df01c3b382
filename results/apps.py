from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results and progress")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import results.reminders  # noqa: F401
