from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessons learned")

    def navigation_items(self, user, roles, is_administrator):
        # Imports models: not at the top of apps.py, which loads before the app registry is ready.
        from accounts.navigation import NavItem

        return [NavItem(_("Lessons"), "lessons:library")] if roles else []
