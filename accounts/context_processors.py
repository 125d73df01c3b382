from accounts.navigation import items_for, primary_role
from ministries.permissions import is_administrator


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": items_for(user),
        "nav_primary_role": primary_role(user),
        "nav_is_administrator": is_administrator(user),
    }
