from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from dashboards.coordinator import what_needs_me
from dashboards.views import executive_dashboard
from ministries.models import Cluster, FieldUnit, Ministry, Role
from ministries.permissions import memberships
from partnerships.models import Partnership
from partnerships.services import charters_to_sign

from .forms import ProfileForm
from .navigation import primary_role


def home(request):
    """Each person lands on the page that fits their main role."""
    user = request.user
    role = primary_role(user)
    if role == Role.EXECUTIVE:
        return executive_dashboard(request)
    context = {"role": role, "memberships": memberships(user)}
    if role == Role.ADMINISTRATOR:
        context.update(_administrator_context())
    elif role:
        context["home_partnerships"] = (
            Partnership.objects.visible_to(user).exclude(status=Partnership.Status.CLOSED).order_by("-updated_at")[:10]
        )
        context["charters_to_sign"] = charters_to_sign(user)
    if role == Role.COORDINATOR:
        context["tasks"] = what_needs_me(user)
    template = f"accounts/home_{role}.html" if role else "accounts/home_without_role.html"
    return render(request, template, context)


def _administrator_context():
    User = get_user_model()
    return {
        "ministry_count": Ministry.objects.count(),
        "cluster_count": Cluster.objects.count(),
        "field_unit_count": FieldUnit.objects.count(),
        "people_without_role": User.objects.filter(is_active=True, memberships=None).order_by("username"),
    }


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})
