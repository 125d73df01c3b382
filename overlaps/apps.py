from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlapsConfig(AppConfig):
    name = "overlaps"
    verbose_name = _("Possible duplicates")

    def navigation_items(self, user, roles, is_administrator):
        # Imports models: not at the top of apps.py, which loads before the app registry is ready.
        from accounts.navigation import NavItem

        return [NavItem(_("Duplicates"), "overlaps:list")] if roles else []
