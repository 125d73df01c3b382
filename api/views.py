"""The REST API: thin views over the apps' own rules.

Every partnership's data is fetched through the web's permission helpers (404 to outsiders), and
every write is refused or allowed by the apps' can_* predicates and done by their services.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from api import filters
from api import serializers as api
from assessments.health_permissions import get_partnership_for_assessment
from assessments.health_services import health_results
from assessments.models import GatePosition, GateRequest, HealthCheck, PointAnswer, PointPosition, Review
from budgets.models import Budget, Contribution, Expenditure
from charters.models import CharterSignature, CharterVersion
from meetings.models import ActionItem, Decision, Meeting
from meetings.permissions import can_update_action_item
from meetings.services import action_item_set_status
from partnerships.models import Partnership
from partnerships.permissions import SupportReasonNeeded, get_partnership_for_user
from results.models import Indicator, Measurement, Milestone, ProgressLog
from results.permissions import reporting_places
from results.services import measurement_save, progress_log_create
from results.uploads import check_uploads


def refused(error):
    """A service's ValidationError as the API's 400, its messages next to the fields they name."""
    return serializers.ValidationError(serializers.as_serializer_error(error))


class PartnershipList(generics.ListAPIView):
    """The partnerships you see in Interlock, with their parties."""

    serializer_class = api.PartnershipSerializer
    filterset_class = filters.ApiPartnershipFilter

    def get_queryset(self):
        return Partnership.objects.visible_to(self.request.user).with_participants()


class OfPartnership:
    """A view of one partnership's data; the partnership is fetched as its web page fetches it."""

    fetch = staticmethod(get_partnership_for_user)

    @property
    def partnership(self):
        if not hasattr(self, "_partnership"):
            try:
                self._partnership = type(self).fetch(self.request, self.kwargs["pk"])
            except SupportReasonNeeded:
                raise PermissionDenied(
                    _("Open this partnership in the browser first and say why you need it; then use the API.")
                ) from None
        return self._partnership


class PartnershipDetail(OfPartnership, generics.RetrieveAPIView):
    serializer_class = api.PartnershipSerializer

    def get_object(self):
        return self.partnership


class PartnershipRows(OfPartnership, generics.ListAPIView):
    """A list of the partnership's rows of one kind; `rows` chooses them and what they load."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model, there is no request
            return self.serializer_class.Meta.model.objects.none()
        return self.rows(self.partnership)


class CharterVersions(PartnershipRows):
    """The charter's versions, each with its signatures and milestones."""

    serializer_class = api.CharterVersionSerializer

    def rows(self, partnership):
        signatures = Prefetch("signatures", CharterSignature.objects.select_related("ministry"))
        return CharterVersion.objects.filter(partnership=partnership).prefetch_related(signatures, "milestones")


class Points(PartnershipRows):
    """The answers to the points for thought, with each ministry's position."""

    serializer_class = api.PointAnswerSerializer

    def rows(self, partnership):
        positions = Prefetch("positions", PointPosition.objects.select_related("ministry"))
        return PointAnswer.objects.filter(partnership=partnership).select_related("point").prefetch_related(positions)


class Gates(PartnershipRows):
    """Gate requests with their decision and, under a steering committee, each member's position."""

    serializer_class = api.GateRequestSerializer

    def rows(self, partnership):
        positions = Prefetch("positions", GatePosition.objects.select_related("ministry"))
        return (
            GateRequest.objects.filter(partnership=partnership).select_related("decision").prefetch_related(positions)
        )


class Indicators(PartnershipRows):
    serializer_class = api.IndicatorSerializer

    def rows(self, partnership):
        return Indicator.objects.filter(partnership=partnership).select_related("owner_ministry")


class Measurements(PartnershipRows, generics.CreateAPIView):
    """Measurements of the partnership's indicators. POST reports one, as the web's "Report a measurement"."""

    serializer_class = api.MeasurementSerializer
    filterset_class = filters.MeasurementFilter

    def rows(self, partnership):
        return Measurement.objects.filter(indicator__partnership=partnership).select_related("ministry", "period")

    @extend_schema(request=api.MeasurementWriteSerializer, responses={201: api.MeasurementSerializer})
    def post(self, request, *args, **kwargs):
        partnership = self.partnership
        places = reporting_places(request.user, partnership)
        if not places:
            raise PermissionDenied(_("You do not report for a partner of this partnership."))
        given = api.MeasurementWriteSerializer(data=request.data, partnership=partnership)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        unit = data.get("field_unit")
        place = places[0] if unit is None else next((p for p in places if p[1] and p[1].pk == unit), None)
        if place is None:
            raise serializers.ValidationError(
                {"field_unit": [_("You do not report for this field unit. Leave it out, or give one of yours.")]}
            )
        try:
            measurement = measurement_save(
                indicator=data["indicator"],
                by=request.user,
                ministry=place[0],
                field_unit=place[1],
                day=data["day"],
                value=data.get("value"),
                value_text=data["value_text"],
                note=data["note"],
                submit=data["submit"],
            )
        except ValidationError as error:
            raise refused(error) from None
        return Response(api.MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


class Milestones(PartnershipRows):
    serializer_class = api.MilestoneSerializer
    filterset_class = filters.MilestoneFilter

    def rows(self, partnership):
        return Milestone.objects.filter(partnership=partnership)


class ProgressLogs(PartnershipRows, generics.CreateAPIView):
    """The field's progress log. POST adds an entry (multipart, with `photos`), as the web's progress form."""

    serializer_class = api.ProgressLogSerializer

    def rows(self, partnership):
        return (
            ProgressLog.objects.filter(partnership=partnership)
            .select_related("ministry")
            .prefetch_related("attachments")
        )

    @extend_schema(
        request={"multipart/form-data": api.ProgressLogWriteSerializer}, responses={201: api.ProgressLogSerializer}
    )
    def post(self, request, *args, **kwargs):
        partnership = self.partnership
        places = reporting_places(request.user, partnership)
        if not places:
            raise PermissionDenied(_("You do not report for a partner of this partnership."))
        given = api.ProgressLogWriteSerializer(data=request.data, partnership=partnership)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        ministry, unit = places[0]
        try:
            photos = check_uploads(data["photos"], photos_only=True)
        except ValidationError as error:
            raise serializers.ValidationError({"photos": error.messages}) from None
        try:
            log = progress_log_create(
                partnership=partnership,
                author=request.user,
                ministry=ministry,
                field_unit=unit,
                date=data["date"],
                text=data["text"],
                milestone=data.get("milestone"),
                indicator=data.get("indicator"),
                files=photos,
            )
        except ValidationError as error:
            raise refused(error) from None
        return Response(api.ProgressLogSerializer(log).data, status=status.HTTP_201_CREATED)


class Meetings(PartnershipRows):
    serializer_class = api.MeetingSerializer

    def rows(self, partnership):
        return Meeting.objects.filter(partnership=partnership).prefetch_related("decisions")


class Decisions(PartnershipRows):
    """Every decision: at meetings, and on conflicts."""

    serializer_class = api.DecisionSerializer

    def rows(self, partnership):
        return Decision.objects.filter(partnership=partnership)


class ActionItems(PartnershipRows):
    serializer_class = api.ActionItemSerializer
    filterset_class = filters.ActionItemFilter

    def rows(self, partnership):
        return ActionItem.objects.filter(partnership=partnership)


class ActionItemDetail(OfPartnership, generics.RetrieveUpdateAPIView):
    """One action item. PATCH its `status` (open, done, cancelled): its owner or the partners' coordinators."""

    serializer_class = api.ActionItemSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        partnership = self.partnership
        item = ActionItem.objects.filter(partnership=partnership, pk=self.kwargs["item_pk"]).first()
        if item is None:
            raise Http404
        item.partnership = partnership  # with its participations loaded, for the permission check
        return item

    def perform_update(self, serializer):
        item = serializer.instance
        if not can_update_action_item(self.request.user, item):
            raise PermissionDenied(_("Only the item's owner or a partner's coordinator changes its status."))
        serializer.instance = action_item_set_status(
            item=item, by=self.request.user, status=serializer.validated_data.get("status", item.status)
        )


class BudgetDetail(OfPartnership, generics.RetrieveAPIView):
    """The budget and each ministry's contribution per fiscal year; 404 while it has none."""

    serializer_class = api.BudgetSerializer

    def get_object(self):
        contributions = Prefetch(
            "contributions", Contribution.objects.select_related("ministry").order_by("fiscal_year", "ministry__name")
        )
        budget = Budget.objects.filter(partnership=self.partnership).prefetch_related(contributions).first()
        if budget is None:
            raise Http404
        return budget


class Expenditures(PartnershipRows):
    serializer_class = api.ExpenditureSerializer

    def rows(self, partnership):
        return Expenditure.objects.filter(budget__partnership=partnership).select_related("ministry")


class HealthChecks(OfPartnership, generics.GenericAPIView):
    """The latest health checks and what the web shows of them: nothing while open, and only groups
    large enough to keep answers anonymous (assessments.health_services.health_results)."""

    fetch = staticmethod(get_partnership_for_assessment)
    queryset = HealthCheck.objects.none()  # for the schema only: the rows come from health_results
    serializer_class = api.HealthCheckResultSerializer
    pagination_class = None

    @extend_schema(responses=api.HealthCheckResultSerializer(many=True))
    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(health_results(self.partnership), many=True).data)


class Reviews(PartnershipRows):
    """Reviews, also open to the evaluators assigned to the partnership, as on the web."""

    fetch = staticmethod(get_partnership_for_assessment)
    serializer_class = api.ReviewSerializer

    def rows(self, partnership):
        return Review.objects.filter(partnership=partnership)


class Reference(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's files and its start script as a file: the CSP allows no inline script."""

    template_name = "api/reference.html"
