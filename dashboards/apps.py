from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def navigation_items(self, user, roles, is_administrator):
        # These import models: not at the top of apps.py, which loads before the app registry is ready.
        from accounts.navigation import NavItem
        from ministries.models import Role

        wanted = {Role.EXECUTIVE, Role.COORDINATOR, Role.EVALUATOR}
        return [NavItem(_("Portfolio"), "dashboards:executive")] if roles & wanted else []

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import dashboards.reminders  # noqa: F401
