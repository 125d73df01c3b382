from accounts.navigation import items_for, primary_role
from accounts.two_factor import between_steps
from ministries.permissions import is_administrator


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if between_steps(request):
        # Between the two steps of signing in every other page sends the person back here, and the inbox
        # count would poll a page it may not open: show neither.
        return {"nav_between_steps": True}
    return {
        "nav_items": items_for(user),
        "nav_primary_role": primary_role(user),
        "nav_is_administrator": is_administrator(user),
    }
