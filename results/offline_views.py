"""Field staff without a signal: the installable app's service worker, the pages it keeps, and the
endpoints a phone sends its offline entries to.

The endpoints check what the web forms check, with the same forms and permission predicates, and
answer JSON: `sent` (with the entry's address) or `refused` with a reason in the person's language
that the phone keeps with the entry. An entry's key makes every repeat answer the same.
"""

import json
import uuid

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.numbers import parse_positive_int
from partnerships.models import Partnership
from partnerships.permissions import can_view_partnership, get_partnership_for_user
from results import services
from results.forms import MeasurementForm, ProgressLogForm
from results.models import Indicator, SyncReceipt
from results.permissions import partnerships_for_reporting, reporting_places

# What the phone keeps for offline use besides the pages: the files every page loads.
OFFLINE_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.rtl.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "css/fieldwork.css",
    "js/app.js",
    "js/focus.js",
    "js/offline-store.js",
    "js/offline.js",
    "img/favicon.svg",
]
# A phone with dozens of partnerships keeps the forms of the first ones rather than fill its storage.
OFFLINE_MEASUREMENT_FORMS = 60


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, from the site's root so that it may control every page (its scope is `/`)."""
    # FileResponse closes the file once it is sent.
    response = FileResponse(open(finders.find("js/service-worker.js"), "rb"), content_type="text/javascript")  # noqa: SIM115
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers look for a new version at each visit
    return response


@require_GET
def offline_pages(request):
    """The pages and files the phone keeps for this person: only their own, made by their own session."""
    partnerships = list(partnerships_for_reporting(request.user).only("pk"))
    indicators = Indicator.objects.filter(partnership__in=partnerships).order_by("partnership_id", "pk")
    pages = [reverse("dashboards:home"), reverse("results:progress_new"), reverse("results:progress_mine")]
    pages += [
        reverse("results:measurement_new", args=[partnership_id, pk])
        for partnership_id, pk in indicators.values_list("partnership_id", "pk")[:OFFLINE_MEASUREMENT_FORMS]
    ]
    return JsonResponse(
        {
            "pages": pages,
            "assets": [static(path) for path in OFFLINE_ASSETS],
            "offline": _(
                "You are offline and this page was not kept on this phone. "
                "Open the progress form: what you log there is sent when you are back online."
            ),
            "offline_home": reverse("results:progress_new"),
        }
    )


def _sent(request):
    """The fields and files of a sending: a form (with photos) or a JSON object."""
    if request.content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            return None, None
        data = QueryDict(mutable=True)
        for name, value in payload.items():
            data[name] = "" if value is None else str(value)
        return data, None
    return request.POST, request.FILES


def _key(data):
    try:
        return uuid.UUID(data.get("key") or "")
    except ValueError:
        return None


def _answer(created, url):
    return JsonResponse({"state": "sent", "created": created, "url": url}, status=201 if created else 200)


def _refused(reason, status, errors=None):
    return JsonResponse({"state": "refused", "reason": reason, "errors": errors or {}}, status=status)


def _form_refused(form):
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    reason = " ".join(message for messages in errors.values() for message in messages)
    return _refused(reason, 400, errors)


def _bad_sending():
    return _refused(_("The phone sent an entry the server cannot read. Copy its text and log it again."), 400)


def _receipt_url(receipt):
    if receipt.progress_log_id:
        return reverse("results:progress_mine")
    if receipt.measurement_id:
        measurement = receipt.measurement
        return reverse("results:indicator", args=[measurement.indicator.partnership_id, measurement.indicator_id])
    return ""  # the entry was deleted on the server since: it was received all the same


def _earlier(request, key):
    return SyncReceipt.objects.select_related("measurement__indicator").filter(author=request.user, key=key).first()


@require_POST
def progress_send(request):
    """A progress log the phone kept while offline, with its photos, sent once under its key."""
    data, files = _sent(request)
    key = _key(data) if data is not None else None
    if key is None:
        return _bad_sending()
    earlier = _earlier(request, key)
    if earlier is not None:
        return _answer(False, _receipt_url(earlier))
    partnership = Partnership.objects.with_participants().filter(pk=parse_positive_int(data.get("partnership"))).first()
    if partnership is None or not can_view_partnership(request.user, partnership):
        return _refused(_("You can no longer see this partnership, so the entry was not sent. Copy its text."), 404)
    refusal = _why_not(request.user, partnership)
    if refusal is not None:
        return refusal
    form = ProgressLogForm(data, files, partnerships=[partnership])
    if not form.is_valid():
        return _form_refused(form)
    ministry, unit = reporting_places(request.user, partnership)[0]
    # The form checks all the service does, as on the web form: only the key can make it answer otherwise.
    receipt, created = services.progress_log_receive(
        key=key,
        partnership=partnership,
        author=request.user,
        ministry=ministry,
        field_unit=unit,
        date=form.cleaned_data["date"],
        text=form.cleaned_data["text"],
        milestone=form.cleaned_data["milestone"],
        indicator=form.cleaned_data["indicator"],
        team=form.cleaned_data["team"],
        joint_site=form.cleaned_data["joint_site"],
        files=[*form.cleaned_data["photos"], *form.cleaned_data["files"]],
    )
    return _answer(created, _receipt_url(receipt))


@require_POST
def measurement_send(request, pk, indicator_pk):
    """A measurement the phone kept while offline, sent once under its key."""
    data, _files = _sent(request)
    key = _key(data) if data is not None else None
    if key is None:
        return _bad_sending()
    earlier = _earlier(request, key)
    if earlier is not None:
        return _answer(False, _receipt_url(earlier))
    try:
        partnership = get_partnership_for_user(request, pk)
        indicator = Indicator.objects.select_related("owner_ministry").get(partnership=partnership, pk=indicator_pk)
    except (Http404, Indicator.DoesNotExist):
        return _refused(
            _("You can no longer see this partnership or indicator, so the measurement was not sent. Copy it."), 404
        )
    refusal = _why_not(request.user, partnership)
    if refusal is not None:
        return refusal
    form = MeasurementForm(data, indicator=indicator, places=reporting_places(request.user, partnership))
    if not form.is_valid():
        return _form_refused(form)
    ministry, unit = form.cleaned_data["place"]
    try:
        receipt, created = services.measurement_receive(
            key=key,
            indicator=indicator,
            by=request.user,
            ministry=ministry,
            field_unit=unit,
            day=form.cleaned_data["period"],
            value=form.cleaned_data.get("value"),
            value_text=form.cleaned_data.get("value_text", ""),
            note=form.cleaned_data["note"],
            submit=data.get("submit") == "1",
        )
    except ValidationError as error:
        # A period locked, or already reported and sent for approval, while the phone was offline.
        return _refused(" ".join(error.messages), 409)
    return _answer(created, _receipt_url(receipt))


def _why_not(user, partnership):
    """Why this person may not report on the partnership now, as a refusal; None when they may."""
    if partnership.is_closed:
        return _refused(
            _(
                "This partnership was closed while you were offline, so nothing more is reported on it. "
                "Copy the text and give it to its coordinator."
            ),
            409,
        )
    if not reporting_places(user, partnership):
        return _refused(
            _(
                "You no longer report on this partnership, so the entry was not sent. "
                "Copy the text and ask your administrator to give you back the field staff role."
            ),
            403,
        )
    return None
