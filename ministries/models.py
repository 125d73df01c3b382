from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.timezones import time_zone_choices

#: The languages a name is kept in besides the default one, as in settings.LANGUAGES.
NAME_LANGUAGES = ("fr", "he")


class NamedInLanguages(models.Model):
    """A `name` in the default language, and optionally one in each other language the site speaks.

    People read `translated_name` (also what str() gives): the name in their language, or the
    default name when nobody wrote one. People's own names are never translated.
    """

    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_he = models.CharField(_("name in Hebrew"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def translated_name(self):
        language = (get_language() or "").split("-")[0]
        if language in NAME_LANGUAGES:
            return getattr(self, f"name_{language}") or self.name
        return self.name


def name_key(text):
    """A typed name as it is matched: its case and extra spaces do not count (" ontario" is "Ontario")."""
    return " ".join((text or "").split()).casefold()


class JurisdictionQuerySet(models.QuerySet):
    def by_any_name(self):
        """Each government under its name in every language (name_key): "Ontario" and "אונטריו" find one.

        Governments are few, so a spreadsheet of any length is matched against this one read.
        """
        governments = {}
        for government in self:
            for name in (government.name, government.name_fr, government.name_he):
                if name:
                    governments.setdefault(name_key(name), government)
        return governments

    def named(self, text):
        """The government `text` names in any language, or None."""
        return self.by_any_name().get(name_key(text))


class Jurisdiction(NamedInLanguages):
    """A government organisations and regions belong to: Ontario, Canada (federal), Israel, a city.

    People call it a government; pickers group organisations by it, in the reader's language.
    """

    name = models.CharField(_("name"), max_length=100)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        constraints = [
            # "Ontario" and "ontario" are one government, or pickers would show two groups.
            models.UniqueConstraint(
                Lower("name"),
                name="unique_jurisdiction_name_any_case",
                violation_error_message=_("This government is already in Interlock. Choose it from the list."),
            ),
        ]

    def __str__(self):
        return self.translated_name

    def validate_constraints(self, exclude=None):
        # Its one constraint is about the name: the message goes next to that field, not above the form.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from None


class ClusterQuerySet(models.QuerySet):
    def with_members(self):
        """Each cluster with its organisations loaded, by name (`cluster.ministries.all()`, `member_ids`)."""
        members = Ministry.objects.select_related("jurisdiction").order_by("name")  # pages show each one's government
        return self.prefetch_related(models.Prefetch("ministries", queryset=members))


class Cluster(NamedInLanguages):
    """Ministries grouped around the people they serve, with a shared vision."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    shared_vision = models.TextField(_("shared vision"), blank=True)
    # Read through relationship_survey_cadence(): empty follows the setting, so most clusters need no choice.
    relationship_survey_months = models.PositiveSmallIntegerField(
        _("months between relationship surveys"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "How often the cluster's organisations rate each other. Leave empty for the usual cadence; "
            "0 turns the surveys off."
        ),
    )

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.translated_name

    @property
    def member_ids(self):
        """The member organisations' ids (prefetch `ministries` to read them without a query)."""
        return {m.pk for m in self.ministries.all()}

    @property
    def relationship_survey_cadence(self):
        """Months between the cluster's relationship surveys; 0 when it turned them off."""
        if self.relationship_survey_months is None:
            return settings.INTERLOCK_CLUSTER_RELATIONSHIP_SURVEY_MONTHS
        return self.relationship_survey_months


class MinistryQuerySet(models.QuerySet):
    def government(self):
        return self.filter(kind__in=Ministry.GOVERNMENT_KINDS)


def default_time_zone():
    return settings.TIME_ZONE


class Ministry(NamedInLanguages):
    """An organisation of any kind that can take part in partnerships (the name is historical).

    Pages call it an organisation, or by its kind: a city department is not a ministry.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        CENTRAL_AGENCY = "central_agency", _("Central agency")
        AGENCY = "agency", _("Agency or board")
        CROWN_CORPORATION = "crown_corporation", _("Crown corporation")
        MUNICIPALITY = "municipality", _("Municipality")
        MUNICIPAL_DEPARTMENT = "municipal_department", _("Municipal department")
        OTHER_GOVERNMENT = "other_government", _("Other level of government")
        POLICE = "police", _("Police")
        UNIVERSITY = "university", _("University or college")
        NON_PROFIT = "non_profit", _("Non-profit organisation")
        BUSINESS = "business", _("Business")
        FOUNDATION = "foundation", _("Foundation")
        COMMUNITY_GROUP = "community_group", _("Community group")
        OUTSIDE_PARTNER = "outside_partner", _("Other outside organisation")

    #: Public bodies: a partnership needs at least two of them (see partnerships.forms).
    GOVERNMENT_KINDS = (
        Kind.MINISTRY,
        Kind.CENTRAL_AGENCY,
        Kind.AGENCY,
        Kind.CROWN_CORPORATION,
        Kind.MUNICIPALITY,
        Kind.MUNICIPAL_DEPARTMENT,
        Kind.OTHER_GOVERNMENT,
        Kind.POLICE,
    )

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=30, unique=True, help_text=_("The initials people use, for example MOH.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MINISTRY)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="ministries",
        null=True,
        blank=True,
        verbose_name=_("government"),
        help_text=_("For example Ontario, Israel or the City of Toronto. Pickers group organisations by it."),
    )
    clusters = models.ManyToManyField(Cluster, related_name="ministries", blank=True, verbose_name=_("clusters"))
    description = models.TextField(_("mandate"), blank=True)
    # Its people's times are shown in it unless they choose another (accounts.User.time_zone), and
    # a partnership's documents use its lead's.
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices, default=default_time_zone)
    # Set by the organisation's administrator once its people sign in with single sign-on: the provider,
    # not a password kept here, then decides who may come in (someone who leaves is switched off there).
    password_sign_in = models.BooleanField(
        _("people may sign in with a password"),
        default=True,
        help_text=_("Turn this off when everyone signs in with single sign-on."),
    )

    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Optional. A general address where people can reach it.")
    )
    # Who added it in the app: while it has no administrator of its own, they (or support) keep its details.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added on"), null=True, blank=True, editable=False)

    objects = MinistryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.translated_name

    def get_absolute_url(self):
        return reverse("ministries:detail", args=[self.pk])

    @property
    def is_government(self):
        return self.kind in self.GOVERNMENT_KINDS

    @property
    def named_by_kind(self):
        """The name with the kind, where it matters who a party is: "City of X (municipal department)".

        A ministry's name already says what it is.
        """
        if self.kind == self.Kind.MINISTRY:
            return self.translated_name
        return _("%(name)s (%(kind)s)") % {"name": self.translated_name, "kind": self.get_kind_display().lower()}


class FieldUnit(NamedInLanguages):
    """An organisation's region, district, office or site; units nest to form a tree.

    A unit can take part in a partnership, or lead it, in its own name (Participation.unit).
    """

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        OFFICE = "office", _("Office")
        SITE = "site", _("Site")

    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="field_units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)

    class Meta:
        ordering = ["ministry__name", "name"]
        verbose_name = _("field unit")
        verbose_name_plural = _("field units")
        constraints = [
            models.UniqueConstraint(fields=["ministry", "name"], name="unique_field_unit_name_per_ministry"),
        ]

    def __str__(self):
        return f"{self.translated_name} ({self.ministry.short_name})"

    @property
    def named_with_organisation(self):
        """How a unit is named as a party: "Thunder Bay District Office (Ministry of Natural Resources)"."""
        return _("%(unit)s (%(organisation)s)") % {"unit": self.translated_name, "organisation": self.ministry}

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.ministry_id != self.ministry_id:
            raise ValidationError({"parent": _("Choose a unit of the same organisation.")})
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot sit inside itself. Choose another unit.")})
            node = node.parent


class Region(NamedInLanguages):
    """A part of the country a partnership serves, such as Northern Ontario or the Negev."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="regions",
        null=True,
        blank=True,
        verbose_name=_("government"),
    )

    class Meta:
        ordering = ["jurisdiction__name", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.translated_name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    EXECUTIVE = "executive", _("Executive")
    FIELD_STAFF = "field_staff", _("Field staff")
    EVALUATOR = "evaluator", _("Evaluator")
    ADMINISTRATOR = "administrator", _("Administrator")


def holding(*roles, signatories=False, path=""):
    """The memberships (at `path`, e.g. "ministry__memberships__") through which an active person
    holds one of `roles`, or with `signatories` signs for the ministry (executives, and whoever may).

    Who hears of a thing is this rule, for a list of people (`people_holding`) and for the scans,
    which join it to what they remind about.
    """
    if signatories:
        condition = models.Q(**{f"{path}role": Role.EXECUTIVE}) | models.Q(**{f"{path}can_sign": True})
    else:
        condition = models.Q(**{f"{path}role__in": roles})
    return condition & models.Q(**{f"{path}user__is_active": True})


class MembershipQuerySet(models.QuerySet):
    def signatories(self):
        """Active people who sign for their organisation: its executives, and those it delegated signing to."""
        return self.filter(holding(signatories=True))


class Membership(models.Model):
    """A person's place in an organisation: a role, and for field staff their unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    field_unit = models.ForeignKey(
        FieldUnit,
        on_delete=models.SET_NULL,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("field unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    can_sign = models.BooleanField(
        _("may sign for the organisation"),
        default=False,
        help_text=_("Executives always may. Tick this to delegate signing to someone else."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["ministry__name", "role", "user__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "ministry", "role"], name="unique_role_per_person_and_ministry"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.ministry.short_name}"

    def clean(self):
        if self.field_unit_id and self.ministry_id and self.field_unit.ministry_id != self.ministry_id:
            raise ValidationError({"field_unit": _("Choose a field unit of the same organisation.")})

    @property
    def signs_for_ministry(self):
        return self.role == Role.EXECUTIVE or self.can_sign


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither taken up nor withdrawn (an expired one stays open until someone resends or withdraws it)."""
        return self.filter(accepted_at=None, withdrawn_at=None)

    def waiting_for_confirmation(self):
        return self.open().filter(needs_confirmation=True, confirmed_at=None)


class Invitation(models.Model):
    """An e-mail asking someone to join an organisation with a role; its link works once, for a limited time.

    The link carries a signed, timestamped token of the invitation's id (ministries.services): the
    signature proves it was sent by us, its age gives the expiry, and `accepted_at` makes it single-use.
    An invitation a coordinator sends to a partner organisation that has nobody waits for that
    organisation's administrator (or support) to confirm it before anything is sent.
    """

    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    field_unit = models.ForeignKey(
        FieldUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field unit")
    )
    can_sign = models.BooleanField(_("may sign for the organisation"), default=False)
    message = models.TextField(_("a word for the person invited"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    needs_confirmation = models.BooleanField(default=False, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["ministry", "email"],
                condition=models.Q(accepted_at=None, withdrawn_at=None),
                name="one_open_invitation_per_address_and_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()}, {self.ministry.short_name}"

    @property
    def is_open(self):
        return self.accepted_at is None and self.withdrawn_at is None

    @property
    def is_waiting_for_confirmation(self):
        return self.is_open and self.needs_confirmation and self.confirmed_at is None

    @property
    def expires_at(self):
        if self.sent_at is None:
            return None
        return self.sent_at + timedelta(days=settings.INTERLOCK_INVITATION_VALID_DAYS)


class JointSite(NamedInLanguages):
    """A place run together by several organisations, such as a community hub in a school.

    Its local sponsor, its manager and its site committee are named so that the field knows
    who answers for the site; field reports can name the site they come from.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    operators = models.ManyToManyField(
        Ministry,
        related_name="joint_sites",
        verbose_name=_("organisations that run it"),
        help_text=_("Choose at least two organisations."),
    )
    sponsor = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        related_name="sponsored_sites",
        null=True,
        blank=True,
        verbose_name=_("local sponsor"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="managed_sites",
        null=True,
        blank=True,
        verbose_name=_("site manager"),
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="site_committees", blank=True, verbose_name=_("site committee")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, related_name="joint_sites", null=True, blank=True, verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("joint site")
        verbose_name_plural = _("joint sites")

    def __str__(self):
        return self.translated_name
