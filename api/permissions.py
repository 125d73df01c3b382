"""Who may call the API: the same people as the web pages, through the apps' own predicates (see views.py).

The API adds one rule of its own: a token made to read cannot change anything.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.models import ApiToken


class TokenScope(BasePermission):
    message = _("This token may only read. Create a token with read and write access to change anything.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or not isinstance(request.auth, ApiToken):
            return True
        return request.auth.may_write
