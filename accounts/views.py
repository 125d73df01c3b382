from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboards.coordinator import what_needs_me
from dashboards.views import executive_dashboard
from ministries.models import Cluster, FieldUnit, Ministry, Role
from ministries.permissions import memberships
from partnerships.models import Partnership
from partnerships.services import charters_limit, charters_to_sign

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
        context["charters_to_sign"] = charters_to_sign(user, limit=charters_limit(request))
    if role == Role.FIELD_STAFF:
        context.update(_field_staff_context(user))
    if role == Role.COORDINATOR:
        context["tasks"] = what_needs_me(user)
    if role in (Role.COORDINATOR, Role.FIELD_STAFF, Role.EVALUATOR):
        context.update(_assessment_context(user, role))
    template = f"accounts/home_{role}.html" if role else "accounts/home_without_role.html"
    return render(request, template, context)


def _field_staff_context(user):
    """The field officer's home: one tap to log progress, their latest entries, and what is due."""
    from partnerships.feed import recent_entries
    from partnerships.permissions import partnerships_for_reporting
    from partnerships.results import measurements_due_for

    return {
        "may_log_progress": partnerships_for_reporting(user).exists(),
        "recent_entries": recent_entries(user, 5),
        "measurements_due": measurements_due_for(user),
    }


def _assessment_context(user, role):
    """Needs your attention: health checks to answer, reviews due, evaluations asked of you."""
    from assessments.health_services import health_checks_to_answer
    from assessments.review_services import evaluations_to_do, reviews_due_for

    return {
        "health_checks_to_answer": health_checks_to_answer(user),
        "reviews_due": reviews_due_for(user) if role == Role.COORDINATOR else [],
        "evaluations_to_do": evaluations_to_do(user) if role == Role.EVALUATOR else [],
    }


def _administrator_context():
    User = get_user_model()
    return {
        "ministry_count": Ministry.objects.count(),
        "cluster_count": Cluster.objects.count(),
        "field_unit_count": FieldUnit.objects.count(),
        "people_without_role": User.objects.filter(is_active=True, memberships=None).order_by("username"),
    }


@login_not_required
@require_POST
def set_language(request):
    """Switch the language: saved in the profile when signed in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    if request.user.is_authenticated:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # Not redirect(): it reads a `next` without a slash or a dot as a URL name and fails to reverse it.
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
