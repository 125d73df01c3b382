from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def navigation_items(self, user, roles, is_administrator):
        # accounts.navigation imports models: not at the top of apps.py, which loads before the registry is ready.
        from accounts.navigation import NavItem

        return [NavItem(_("Partnerships"), "partnerships:list")] if roles or user.is_superuser else []

    def ready(self):
        # Someone leaving hands on their focal-person roles: ministries tells us, without importing this app.
        from ministries.services import follow_handovers
        from partnerships.services import focal_people_hand_over

        follow_handovers(focal_people_hand_over)
