from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def navigation_items(self, user, roles, is_administrator):
        from accounts.navigation import NavItem

        return [NavItem(_("Partnerships"), "partnerships:list")] if roles or user.is_superuser else []
