"""What the API shows of each thing: the fields the web pages show, named as in the models."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import GateDecision, GatePosition, GateRequest, PointAnswer, PointPosition, Review
from budgets.models import Budget, Contribution, Expenditure
from charters.models import CharterMilestone, CharterSignature, CharterVersion
from meetings.models import ActionItem, Decision, Meeting
from partnerships.models import Participation, Partnership
from results.models import Indicator, Measurement, Milestone, ProgressAttachment, ProgressLog
from results.models.indicators import VALUE_DIGITS


def ministry_name(source="ministry"):
    """An organisation's name in the reader's language."""
    return serializers.CharField(source=f"{source}.translated_name", read_only=True, default=None)


class ParticipationSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = Participation
        fields = [
            "id",
            "ministry",
            "ministry_name",
            "unit",
            "kind",
            "role",
            "signs_charter",
            "engagement",
            "holds_interests",
            "holds_knowledge",
            "holds_authority",
            "contributes",
            "receives",
            "responsibility",
            "gain_share",
            "risk_share",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    participants = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "title",
            "problem",
            "public_value",
            "target_audience",
            "actor_configuration",
            "structure_type",
            "operating_mechanism",
            "government_stage",
            "phase",
            "status",
            "cycle",
            "start_date",
            "end_date",
            "next_review_due",
            "next_health_check_due",
            "is_pilot",
            "pilot_ends_on",
            "updated_at",
            "participants",
        ]


class CharterSignatureSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = CharterSignature
        # signed_on: the day it was signed (on paper perhaps); signed_at: when it was recorded here.
        fields = ["id", "ministry", "ministry_name", "signer_name", "signer_role", "signed_on", "signed_at"]


class CharterMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = CharterMilestone
        fields = ["id", "title", "due_date", "description"]


class CharterVersionSerializer(serializers.ModelSerializer):
    signatures = CharterSignatureSerializer(many=True, read_only=True)
    milestones = CharterMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = CharterVersion
        fields = [
            "id",
            "number",
            "status",
            "shared_vision",
            "goals",
            "professional_lead",
            "procedural_lead",
            "head_figure",
            "membership_and_responsibilities",
            "meeting_schedule",
            "decision_protocol",
            "conflict_protocol",
            "information_what",
            "information_how",
            "information_frequency",
            "information_where",
            "reporting_schedule",
            "change_reason",
            "change_note",
            "created_at",
            "updated_at",
            "sent_for_signature_at",
            "signed_at",
            "signatures",
            "milestones",
        ]


class PointPositionSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = PointPosition
        fields = ["ministry", "ministry_name", "stance", "comment", "at"]


class PointAnswerSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="point.number", read_only=True)
    title = serializers.CharField(source="point.title", read_only=True)
    positions = PointPositionSerializer(many=True, read_only=True)

    class Meta:
        model = PointAnswer
        fields = ["id", "number", "title", "answer", "status", "not_applicable_reason", "updated_at", "positions"]


class GateDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GateDecision
        fields = ["outcome", "reason", "decided_on", "decided_at", "conditions"]


class GatePositionSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = GatePosition
        fields = ["ministry", "ministry_name", "stance", "comment", "recorded_at"]


class GateRequestSerializer(serializers.ModelSerializer):
    decision = GateDecisionSerializer(read_only=True, default=None)
    positions = GatePositionSerializer(many=True, read_only=True)

    class Meta:
        model = GateRequest
        fields = ["id", "cycle", "from_phase", "status", "note", "requested_at", "decision", "positions"]


class IndicatorSerializer(serializers.ModelSerializer):
    owner_ministry_name = ministry_name("owner_ministry")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "definition",
            "unit",
            "unit_label",
            "baseline",
            "target",
            "target_description",
            "target_date",
            "direction",
            "cumulative",
            "frequency",
            "means_of_verification",
            "owner_ministry",
            "owner_ministry_name",
            "progress_percent",
            "measured_until",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()
    period_start = serializers.DateField(source="period.start", read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "period_start",
            "period_end",
            "ministry",
            "ministry_name",
            "field_unit",
            "value",
            "value_text",
            "note",
            "status",
            "submitted_at",
            "reviewed_at",
            "review_comment",
        ]


class MeasurementWriteSerializer(serializers.Serializer):
    """A measurement as a field system reports it: for the period that contains `day`."""

    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.none())
    day = serializers.DateField(help_text=_("A day of the period the measurement is for."))
    value = serializers.DecimalField(required=False, allow_null=True, **VALUE_DIGITS)
    value_text = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    field_unit = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The field unit you report for; leave it out to use your first.")
    )
    submit = serializers.BooleanField(default=False, help_text=_("Send it for approval at once."))

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnership is not None:
            self.fields["indicator"].queryset = Indicator.objects.filter(partnership=partnership)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "description", "due_date", "owner", "owner_ministry", "status", "done_at", "done_note"]


class ProgressAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressAttachment
        fields = ["id", "original_name", "content_type", "size", "is_image"]


class ProgressLogSerializer(serializers.ModelSerializer):
    attachments = ProgressAttachmentSerializer(many=True, read_only=True)
    ministry_name = ministry_name()

    class Meta:
        model = ProgressLog
        fields = [
            "id",
            "date",
            "text",
            "ministry",
            "ministry_name",
            "field_unit",
            "milestone",
            "indicator",
            "team",
            "created_at",
            "attachments",
        ]


class ProgressLogWriteSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()
    milestone = serializers.PrimaryKeyRelatedField(queryset=Milestone.objects.none(), required=False, allow_null=True)
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.none(), required=False, allow_null=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnership is not None:
            self.fields["milestone"].queryset = Milestone.objects.filter(partnership=partnership)
            self.fields["indicator"].queryset = Indicator.objects.filter(partnership=partnership)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "conflict",
            "title",
            "text",
            "mechanism",
            "outcome",
            "decided_on",
            "verdict",
            "verdict_by",
            "verdict_on",
            "verdict_note",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "team", "date", "title", "minutes", "decisions"]


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "team",
            "title",
            "owner",
            "owner_ministry",
            "due_date",
            "status",
            "source",
            "created_at",
            "closed_at",
        ]
        read_only_fields = [name for name in fields if name != "status"]


class ContributionSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = Contribution
        fields = ["id", "ministry", "ministry_name", "fiscal_year", "pledged", "committed"]


class BudgetSerializer(serializers.ModelSerializer):
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "currency",
            "fiscal_year_start_month",
            "first_year",
            "last_year",
            "managed_by",
            "contributions",
        ]


class ExpenditureSerializer(serializers.ModelSerializer):
    ministry_name = ministry_name()

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "date",
            "fiscal_year",
            "category",
            "amount",
            "ministry",
            "ministry_name",
            "field_unit",
            "description",
        ]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "cycle", "held_on", "due_date", "participants", "findings", "rating", "recommendation"]


class HealthGroupSerializer(serializers.Serializer):
    """One group's figures; `count` and `averages` are empty when the group is hidden to keep answers anonymous."""

    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True)
    averages = serializers.DictField(child=serializers.DecimalField(max_digits=3, decimal_places=2))
    overall = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)


class HealthCheckResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="check.pk")
    due_date = serializers.DateField(source="check.due_date")
    opens_on = serializers.DateField(source="check.opens_on")
    closes_on = serializers.DateField(source="check.closes_on")
    closed = serializers.BooleanField()
    everyone = HealthGroupSerializer()
    ministries = HealthGroupSerializer(many=True)
    answers = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
