"""The main navigation, by role: each person sees the places their work takes them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ministries.models import Role
from ministries.permissions import is_administrator, roles

# Role priority decides which home page a person with several roles lands on.
HOME_ORDER = [Role.EXECUTIVE, Role.COORDINATOR, Role.EVALUATOR, Role.FIELD_STAFF, Role.ADMINISTRATOR]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str

    @property
    def url(self):
        return reverse(self.url_name)


def primary_role(user):
    held = roles(user)
    for role in HOME_ORDER:
        if role in held:
            return role
    if user.is_superuser:
        return Role.ADMINISTRATOR
    return None


def items_for(user):
    items = [NavItem(_("Home"), "dashboards:home")]
    items.extend(extra_items(user))
    items.append(NavItem(_("Organisations"), "ministries:clusters"))
    if Role.ADMINISTRATOR in roles(user):
        items.append(NavItem(_("Security log"), "security:mine"))
    return items


def extra_items(user):
    """Items added by other apps as their pages exist. Kept as a hook so apps add, not edit."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        provider = getattr(config, "navigation_items", None)
        if provider:
            found.extend(provider(user, roles(user), is_administrator(user)))
    return found
