"""What can be imported, and how each row becomes rows of ours: matched by its natural key, so that a
second run of the same file finds everything in place and changes nothing.

Each kind plans first (one query for what exists, then every row in memory) and saves only after:
a refused row is known before anything is written.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets import fiscal
from budgets.models import Budget, Contribution, default_currency
from budgets.permissions import can_manage_budget, can_set_up_budget
from budgets.services import budget_check, budget_create, budget_years_for, contributions_check, contributions_save
from ministries.models import FieldUnit, Invitation, Jurisdiction, Membership, Ministry, Role, name_key
from ministries.services import invitation_create, membership_add, membership_update
from partnerships.forms import (
    MAX_MINISTRIES,
    NewParticipationFormSetFactory,
    ParticipationForm,
    PartnershipNeedForm,
    PartnershipSetupForm,
)
from partnerships.models import Cadence, Partnership
from partnerships.permissions import can_manage_fieldwork
from partnerships.services import partnership_create
from results.forms import MeasurementForm
from results.models import Indicator, Measurement, MeasurementStep, ReportingPeriod
from results.services import indicator_create, measurement_value_check


@dataclass
class Outcome:
    line: int
    action: str  # one of ACTIONS
    name: str  # what the row is about, as the file names it
    reason: str = ""  # why it is refused, or what changes
    values: dict = field(default_factory=dict)


CREATED, CHANGED, UNCHANGED, REFUSED = "created", "changed", "unchanged", "refused"
ACTIONS = (CREATED, CHANGED, UNCHANGED, REFUSED)
WRITES = (CREATED, CHANGED)


class Units:
    """An organisation's regions, districts, offices and sites, matched by name within the organisation."""

    key = "units"
    refusal = gettext_lazy(
        "Only the administrators of %(organisation)s import its units and people. Choose your own organisation."
    )
    support_only = False
    for_coordinators = False
    label = gettext_lazy("Units: regions, districts, offices and sites")
    columns = ["name", "kind", "part_of", "name_fr", "name_he"]
    example = [
        ["Northern Region", "region", "", "Région du Nord", ""],
        ["Thunder Bay District", "district", "Northern Region", "District de Thunder Bay", ""],
        ["Thunder Bay Office", "office", "Thunder Bay District", "", ""],
    ]
    NAME_LENGTH = 200

    def plan(self, rows, ministry, by=None):
        existing = {unit.name.casefold(): unit for unit in FieldUnit.objects.filter(ministry=ministry)}
        parent_names = {unit.pk: unit.name for unit in existing.values()}
        # Where each unit will sit once the file is saved: to refuse a row that would put a unit inside itself.
        parent_of = {name: parent_names.get(unit.parent_id, "").casefold() for name, unit in existing.items()}
        kinds = {value: value for value in FieldUnit.Kind.values} | {
            str(label).casefold(): value for value, label in FieldUnit.Kind.choices
        }
        seen = {}
        outcomes = []
        for line, values in rows:
            name = values.get("name", "")
            key = name.casefold()
            parent = values.get("part_of", "")
            kind = kinds.get((values.get("kind") or FieldUnit.Kind.DISTRICT).casefold())
            refusal = None
            if not name:
                refusal = _("The name is empty. Write the unit's name.")
            elif any(len(values.get(column, "")) > self.NAME_LENGTH for column in ("name", "name_fr", "name_he")):
                refusal = _("A name is longer than %(limit)s characters. Shorten it.") % {"limit": self.NAME_LENGTH}
            elif key in seen:
                refusal = _("This unit is already on line %(line)s. Keep one line per unit.") % {"line": seen[key]}
            elif kind is None:
                refusal = _("“%(kind)s” is not a kind of unit. Write region, district, office or site.") % {
                    "kind": values.get("kind")
                }
            elif parent and parent.casefold() == key:
                refusal = _("A unit cannot be part of itself. Leave “part_of” empty or name a larger unit.")
            elif parent and parent.casefold() not in existing and parent.casefold() not in seen:
                refusal = _(
                    "No unit is called “%(parent)s” in this organisation or on an earlier line. "
                    "Write an existing unit's name, or put the larger unit on a line above."
                ) % {"parent": parent}
            elif parent and self._inside(parent.casefold(), key, parent_of):
                refusal = _("“%(parent)s” is already part of this unit: a unit cannot sit inside itself.") % {
                    "parent": parent
                }
            if refusal:
                outcomes.append(Outcome(line, REFUSED, name, refusal))
                continue
            seen[key] = line
            parent_of[key] = parent.casefold()
            wanted = {
                "name": name,
                "kind": kind,
                "parent": parent,
                "name_fr": values.get("name_fr", ""),
                "name_he": values.get("name_he", ""),
            }
            unit = existing.get(key)
            if unit is None:
                outcomes.append(Outcome(line, CREATED, name, values=wanted))
                continue
            stored = {
                "name": unit.name,
                "kind": unit.kind,
                "parent": parent_names.get(unit.parent_id, ""),
                "name_fr": unit.name_fr,
                "name_he": unit.name_he,
            }
            changes = [column for column in self.columns if _column(column, wanted) != _column(column, stored)]
            if changes:
                outcomes.append(Outcome(line, CHANGED, name, ", ".join(changes), wanted))
            else:
                outcomes.append(Outcome(line, UNCHANGED, name))
        return outcomes

    @staticmethod
    def _inside(start, key, parent_of):
        """Whether `key` is `start` or one of the units above it."""
        node, steps = start, 0
        while node and steps <= len(parent_of):
            if node == key:
                return True
            node, steps = parent_of.get(node, ""), steps + 1
        return False

    def save(self, outcomes, ministry, by=None):
        """Write the planned rows (created and changed), a constant number of queries for a batch."""
        wanted = {o.values["name"].casefold() for o in outcomes} | {
            o.values["parent"].casefold() for o in outcomes if o.values["parent"]
        }
        # Only the units this batch names (the batch's own and their parents), not the whole organisation.
        units = {
            unit.name.casefold(): unit
            for unit in FieldUnit.objects.annotate(key=Lower("name")).filter(
                ministry=ministry, key__in={name.lower() for name in wanted}
            )
        }
        new = []
        for outcome in outcomes:
            values = outcome.values
            unit = units.get(values["name"].casefold())
            if unit is None:
                unit = FieldUnit(ministry=ministry, name=values["name"])
                new.append(unit)
                units[values["name"].casefold()] = unit
            unit.name, unit.kind = values["name"], values["kind"]
            unit.name_fr, unit.name_he = values["name_fr"], values["name_he"]
        for outcome in outcomes:
            parent = outcome.values["parent"]
            units[outcome.values["name"].casefold()].parent = units[parent.casefold()] if parent else None
        # New units level by level, larger ones first, so each knows its parent's id when it is inserted:
        # one INSERT per level of the tree in the batch, and no UPDATE for them afterwards.
        pending = new
        while pending:
            ready = [unit for unit in pending if unit.parent is None or unit.parent.pk is not None]
            if not ready:  # the plan refuses a parent that is not above its unit; this would loop for ever
                raise RuntimeError("units of the batch are each other's parents")
            FieldUnit.objects.bulk_create(ready)
            pending = [unit for unit in pending if unit.pk is None]
        changed = [units[o.values["name"].casefold()] for o in outcomes if o.action == CHANGED]
        FieldUnit.objects.bulk_update(changed, ["name", "kind", "name_fr", "name_he", "parent"])


def _column(column, values):
    value = values.get("parent" if column == "part_of" else column, "")
    return value.casefold() if column == "part_of" else value


YES = {"yes", "y", "true", "1", "x", "oui", "כן"}
NO = {"", "no", "n", "false", "0", "non", "לא"}


class People:
    """People with their roles, matched by e-mail address. Someone without an account is invited (the
    invitation goes out by e-mail, as from the People page); someone who already has a role here gets
    the new role, unit or signing right."""

    key = "people"
    refusal = gettext_lazy(
        "Only the administrators of %(organisation)s import its units and people. Choose your own organisation."
    )
    support_only = False
    for_coordinators = False
    label = gettext_lazy("People with their roles (invited by e-mail when new)")
    columns = ["email", "role", "unit", "may_sign"]
    example = [
        ["c.tremblay@example.gov", "coordinator", "", "no"],
        ["d.okafor@example.gov", "executive", "", "yes"],
        ["m.levi@example.gov", "field_staff", "Thunder Bay Office", "no"],
    ]

    def plan(self, rows, ministry, by=None):
        users = {
            user.email.lower(): user
            for user in get_user_model().objects.filter(email__in=[v.get("email", "").lower() for _l, v in rows])
        }
        roles = {
            (m.user.email.lower(), m.role): m
            for m in Membership.objects.filter(ministry=ministry, user__in=users.values()).select_related("user")
        }
        invited = {i.email: i for i in Invitation.objects.open().filter(ministry=ministry)}
        units = {unit.name.casefold(): unit for unit in FieldUnit.objects.filter(ministry=ministry)}
        role_names = {value: value for value in Role.values} | {str(label).casefold(): v for v, label in Role.choices}
        seen = {}
        outcomes = []
        for line, values in rows:
            email = values.get("email", "").strip().lower()
            role = role_names.get(values.get("role", "").strip().casefold())
            unit_name = values.get("unit", "")
            may_sign = values.get("may_sign", "").strip().casefold()
            refusal = _email_refusal(email)
            if refusal is None and (email, role) in seen:
                refusal = _("This person and role are already on line %(line)s. Keep one line for each.") % {
                    "line": seen[(email, role)]
                }
            elif refusal is None and role is None:
                refusal = _(
                    "“%(role)s” is not a role. Write coordinator, executive, field_staff, evaluator or administrator."
                ) % {"role": values.get("role", "")}
            elif refusal is None and unit_name and unit_name.casefold() not in units:
                refusal = _("This organisation has no unit called “%(unit)s”. Import or add the unit first.") % {
                    "unit": unit_name
                }
            elif refusal is None and may_sign not in YES | NO:
                refusal = _("Write yes or no under may_sign.")
            if refusal is None and email in users and not any(key[0] == email for key in roles):
                refusal = _(
                    "This address signs in for another organisation. Give the person a role on their page instead."
                )
            if refusal is None and email not in users and email in invited and invited[email].role != role:
                refusal = _("This address is already invited as %(role)s. Withdraw that invitation first.") % {
                    "role": invited[email].get_role_display()
                }
            if refusal:
                outcomes.append(Outcome(line, REFUSED, email, refusal))
                continue
            seen[(email, role)] = line
            unit = units.get(unit_name.casefold()) if unit_name else None
            wanted = {"email": email, "role": role, "unit": unit_name, "may_sign": may_sign in YES}
            membership = roles.get((email, role))
            if email in invited and email not in users:
                outcomes.append(Outcome(line, UNCHANGED, email))
            elif email not in users:
                outcomes.append(Outcome(line, CREATED, email, _("to invite"), wanted))
            elif membership is None:
                outcomes.append(Outcome(line, CREATED, email, _("a new role"), wanted))
            elif membership.field_unit_id != getattr(unit, "pk", None) or membership.can_sign != wanted["may_sign"]:
                outcomes.append(Outcome(line, CHANGED, email, _("unit or signing"), wanted))
            else:
                outcomes.append(Outcome(line, UNCHANGED, email))
        return outcomes

    def save(self, outcomes, ministry, by=None):
        """Each row through the People page's own services: the same rules, and the invitations' e-mails."""
        units = {unit.name.casefold(): unit for unit in FieldUnit.objects.filter(ministry=ministry)}
        users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=[o.name for o in outcomes])}
        for outcome in outcomes:
            values = outcome.values
            unit = units.get(values["unit"].casefold()) if values["unit"] else None
            user = users.get(values["email"])
            if user is None:
                invitation_create(
                    ministry=ministry,
                    email=values["email"],
                    role=values["role"],
                    field_unit=unit,
                    can_sign=values["may_sign"],
                    by=by,
                )
            else:
                membership = Membership.objects.filter(user=user, ministry=ministry, role=values["role"]).first()
                if membership is None:
                    membership_add(
                        ministry=ministry,
                        user=user,
                        role=values["role"],
                        field_unit=unit,
                        can_sign=values["may_sign"],
                        by=by,
                    )
                else:
                    membership_update(membership=membership, field_unit=unit, can_sign=values["may_sign"], by=by)


def _email_refusal(email):
    if not email:
        return _("The e-mail address is empty. Write the person's work address.")
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not an e-mail address. Write it as name@example.gov.") % {"email": email}
    return None


class Organisations:
    """Organisations themselves (ministries, agencies, municipalities, partners outside government), matched by
    short name, the key `setup_organisation` also uses. They belong to no one organisation, so only support
    administrators import them; the organisation chosen on the form only files the import."""

    key = "organisations"
    refusal = gettext_lazy(
        "Only the administrators of %(organisation)s import its units and people. Choose your own organisation."
    )
    support_only = True
    for_coordinators = False
    label = gettext_lazy("Organisations (support administrators only)")
    columns = ["short_name", "name", "kind", "jurisdiction", "name_fr", "name_he"]
    example = [
        ["MOH", "Ministry of Health", "ministry", "Ontario", "Ministère de la Santé", ""],
        ["TPS", "Toronto Police Service", "police", "Ontario", "Service de police de Toronto", ""],
        ["UHN", "University Health Network", "non_profit", "Ontario", "", ""],
    ]
    FIELDS = ["name", "kind", "jurisdiction_id", "name_fr", "name_he"]

    def _limits(self):
        # The government is matched by name, not stored as typed: an unknown one is refused whatever its length.
        return {
            column: Ministry._meta.get_field(column).max_length for column in self.columns if column != "jurisdiction"
        }

    def plan(self, rows, ministry, by=None):
        existing = {m.short_name.casefold(): m for m in Ministry.objects.all()}
        # Names are unique too: a row may not take the name of another organisation.
        names = {m.name.casefold(): m.short_name.casefold() for m in existing.values()}
        kinds = {value: value for value in Ministry.Kind.values} | {
            str(label).casefold(): value for value, label in Ministry.Kind.choices
        }
        limits = self._limits()
        governments = Jurisdiction.objects.by_any_name()
        seen, seen_names = {}, {}
        outcomes = []
        for line, values in rows:
            short_name = values.get("short_name", "")
            key = short_name.casefold()
            name = values.get("name", "")
            kind = kinds.get((values.get("kind") or Ministry.Kind.MINISTRY).casefold())
            government_name = " ".join(values.get("jurisdiction", "").split())
            government = governments.get(name_key(government_name))
            too_long = [column for column in limits if len(values.get(column, "")) > limits[column]]
            refusal = None
            if not short_name or not name:
                refusal = _("The short name or the name is empty. Write both, for example MOH and Ministry of Health.")
            elif too_long:
                refusal = _("“%(column)s” is longer than %(limit)s characters. Shorten it.") % {
                    "column": too_long[0],
                    "limit": limits[too_long[0]],
                }
            elif key in seen:
                refusal = _("This short name is already on line %(line)s. Keep one line per organisation.") % {
                    "line": seen[key]
                }
            elif name.casefold() in seen_names:
                refusal = _("This name is already on line %(line)s. Give each organisation its own name.") % {
                    "line": seen_names[name.casefold()]
                }
            elif names.get(name.casefold(), key) != key:
                refusal = _(
                    "Another organisation (%(short_name)s) already has this name. "
                    "Use its short name to change it, or choose another name."
                ) % {"short_name": existing[names[name.casefold()]].short_name}
            elif kind is None:
                refusal = _(
                    "“%(kind)s” is not a kind of organisation. Write a kind such as ministry, agency or non_profit."
                ) % {"kind": values.get("kind")}
            elif government_name and government is None:
                refusal = _(
                    "“%(government)s” is not a government in Interlock. Write one from its Governments page, "
                    "in any language, or leave it empty."
                ) % {"government": government_name}
            if refusal:
                outcomes.append(Outcome(line, REFUSED, short_name or name, refusal))
                continue
            seen[key], seen_names[name.casefold()] = line, line
            wanted = {
                "short_name": short_name,
                "name": name,
                "kind": kind,
                "jurisdiction_id": government.pk if government else None,
                "name_fr": values.get("name_fr", ""),
                "name_he": values.get("name_he", ""),
            }
            organisation = existing.get(key)
            if organisation is None:
                outcomes.append(Outcome(line, CREATED, short_name, values=wanted))
                continue
            # Named as the file's columns are ("jurisdiction", not the id it holds).
            changes = [
                column.removesuffix("_id") for column in self.FIELDS if getattr(organisation, column) != wanted[column]
            ]
            if changes:
                outcomes.append(Outcome(line, CHANGED, short_name, ", ".join(changes), wanted))
            else:
                outcomes.append(Outcome(line, UNCHANGED, short_name))
        return outcomes

    def save(self, outcomes, ministry, by=None):
        """Write the planned rows: one query for those that exist, one INSERT and one UPDATE for the batch."""
        stored = {
            m.short_name.casefold(): m
            for m in Ministry.objects.annotate(key=Lower("short_name")).filter(
                key__in={o.values["short_name"].lower() for o in outcomes}
            )
        }
        new, changed = [], []
        for outcome in outcomes:
            values = outcome.values
            organisation = stored.get(values["short_name"].casefold())
            if organisation is None:
                new.append(Ministry(**values))
                continue
            for column in self.FIELDS:
                setattr(organisation, column, values[column])
            changed.append(organisation)
        Ministry.objects.bulk_create(new)
        Ministry.objects.bulk_update(changed, self.FIELDS)


class Parties:
    """Partnerships that already run outside Interlock, one line per party, matched by the partnership's name
    among those the organisation takes part in.

    A new partnership goes through the creation page's own forms (the same rules: two government participants
    or more, one lead, shares of gains and risks adding up to 100, the importer's organisation taking part) and
    its service. An existing one is left as it is: its parties and shares change only by a proposal every
    partner agrees to, so a file that differs from it is refused, never applied by one partner alone.
    """

    key = "partnerships"
    support_only = False
    for_coordinators = True
    refusal = gettext_lazy(
        "Only the coordinators of %(organisation)s import its partnerships. Choose an organisation you coordinate for."
    )
    label = gettext_lazy("Partnerships with their parties and shares (coordinators)")
    columns = [
        "partnership",
        "problem",
        "public_value",
        "start_date",
        "end_date",
        "organisation",
        "party",
        "role",
        "gain_share",
        "risk_share",
        "engagement",
    ]
    example = [
        [
            *["Safe Roads North", "Too many crashes on northern roads.", "Fewer deaths.", "2024-04-01", "2027-03-31"],
            *["MOT", "participant", "lead", "60", "50", ""],
        ],
        ["Safe Roads North", "", "", "", "", "MOH", "participant", "supporting", "40", "50", ""],
        ["Safe Roads North", "", "", "", "", "UHN", "stakeholder", "", "0", "0", "consult"],
    ]
    # Read from the partnership's first line; the other lines may leave them empty.
    PARTNERSHIP_COLUMNS = ("problem", "public_value", "start_date", "end_date")
    PARTY_FIELDS = ("kind", "role", "gain_share", "risk_share", "engagement")

    def plan(self, rows, ministry, by=None):
        organisations = {m.short_name.casefold(): m for m in Ministry.objects.all()}
        existing = _partnerships_of(ministry)
        groups = {}
        for line, values in rows:
            groups.setdefault(values.get("partnership", "").casefold(), []).append((line, values))
        outcomes = []
        for key, group in groups.items():
            outcomes += self._plan_group(group, key, existing.get(key), organisations, ministry, by)
        return sorted(outcomes, key=lambda outcome: outcome.line)

    def _plan_group(self, group, key, partnership, organisations, ministry, by):
        title = group[0][1].get("partnership", "")
        names = {line: f"{title}: {values.get('organisation', '')}" for line, values in group}

        def refuse_all(reason, own=None):
            own = own or {}
            return [Outcome(line, REFUSED, names[line], own.get(line, reason)) for line, _values in group]

        if not key:
            return refuse_all(_("The partnership's name is empty. Write it on every line of the partnership."))
        own = {}
        for line, values in group:
            short_name = values.get("organisation", "")
            if short_name.casefold() not in organisations:
                own[line] = _(
                    "No organisation has the short name “%(name)s”. Write the short name shown on its page, "
                    "or import the organisation first."
                ) % {"name": short_name}
            for column in self.PARTNERSHIP_COLUMNS:
                first = group[0][1].get(column, "")
                if line not in own and values.get(column, "") not in ("", first):
                    own[line] = _(
                        "“%(column)s” differs from the partnership's first line (line %(line)s). "
                        "Write it once, on the first line, or the same on every line."
                    ) % {"column": column, "line": group[0][0]}
        if own:
            return refuse_all(_("Another line of this partnership is refused. Correct it first."), own)
        parties = [(line, organisations[values["organisation"].casefold()], values) for line, values in group]
        if partnership is not None:
            return self._compare(group, names, partnership, parties, by)
        return self._check_new(group, names, title, parties, ministry, by)

    def _compare(self, group, names, partnership, parties, by):
        """An existing partnership (the importer's organisation takes part): unchanged when the file says what is
        stored, otherwise refused, whoever imports it."""
        stored = {p.ministry_id: self._party(p) for p in partnership.participations.all()}
        wanted = {}
        for _line, organisation, values in parties:
            form = self._party_form(organisation, values)
            wanted[organisation.pk] = self._party(form) if form.is_valid() else None
        if stored != wanted:
            refusal = _(
                "This partnership already exists with other parties or shares. Partners change these together: "
                "propose the change on the partnership's page."
            )
            return [Outcome(line, REFUSED, names[line], refusal) for line, _values in group]
        return [Outcome(line, UNCHANGED, names[line]) for line, _values in group]

    @classmethod
    def _party(cls, party):
        """What a party is, comparable between a stored Participation and a bound ParticipationForm."""
        data = party.cleaned_data if hasattr(party, "cleaned_data") else vars(party)
        return tuple(data[name] for name in cls.PARTY_FIELDS)

    @staticmethod
    def _party_form(organisation, values):
        kind = values.get("party", "").casefold()
        form = ParticipationForm(
            {
                "ministry": organisation.pk,
                "kind": kind,
                "role": values.get("role", "").casefold(),
                "gain_share": values.get("gain_share") or "0",
                "risk_share": values.get("risk_share") or "0",
                "engagement": values.get("engagement", "").casefold(),
            },
            people={},
            units=[],
        )
        return form

    def _check_new(self, group, names, title, parties, ministry, by):
        """A new partnership, through the creation page's forms: refused rows say what to correct."""
        first = group[0][1]
        need = PartnershipNeedForm(
            {"title": title, "problem": first.get("problem", ""), "public_value": first.get("public_value", "")}
        )
        setup = PartnershipSetupForm(
            {
                "start_date": first.get("start_date", ""),
                "end_date": first.get("end_date", ""),
                "review_cadence": Cadence.QUARTERLY,
                "health_check_cadence": Cadence.QUARTERLY,
            }
        )
        data = {
            "partners-TOTAL_FORMS": len(parties),
            "partners-INITIAL_FORMS": 0,
            "partners-MIN_NUM_FORMS": 0,
            "partners-MAX_NUM_FORMS": MAX_MINISTRIES,
        }
        for index, (_line, organisation, values) in enumerate(parties):
            for name, value in self._party_form(organisation, values).data.items():
                data[f"partners-{index}-{name}"] = value
        partners = NewParticipationFormSetFactory(data, prefix="partners")
        partners.required_ministry_ids = {ministry.pk}
        partners.viewer = by
        problems = [f"{name}: {' '.join(errors)}" for form in (need, setup) for name, errors in form.errors.items()]
        own = {}
        if len(parties) > MAX_MINISTRIES:
            problems.append(
                _("A partnership has at most %(count)s parties. Remove some lines.") % {"count": MAX_MINISTRIES}
            )
        elif not partners.is_valid():
            for (line, _organisation, _values), form in zip(parties, partners.forms, strict=True):
                if form.errors:
                    own[line] = " ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            problems += partners.non_form_errors()
        if problems or own:
            reason = " ".join(problems) or _("Another line of this partnership is refused. Correct it first.")
            return [Outcome(line, REFUSED, names[line], own.get(line, reason)) for line, _values in group]
        fields = {name: value for name, value in need.cleaned_data.items() if name != "regions"}
        fields |= setup.cleaned_data
        participations = [
            {name: value for name, value in row.items() if name not in {"DELETE", "id", "partnership"}}
            for row in partners.cleaned_data
        ]
        # The whole partnership rides on its first line; the others are counted with it.
        planned = {"fields": fields, "parties": participations}
        outcomes = [Outcome(group[0][0], CREATED, names[group[0][0]], values=planned)]
        return outcomes + [Outcome(line, CREATED, names[line]) for line, _values in group[1:]]

    def save(self, outcomes, ministry, by=None):
        """Each new partnership through the creation page's service (its charter draft and followers too)."""
        for outcome in outcomes:
            if outcome.values:
                partnership_create(
                    created_by=by, fields=outcome.values["fields"], regions=[], participations=outcome.values["parties"]
                )


def _partnerships_of(ministry):
    """The partnerships `ministry` takes part in, by name: a file names them as people do."""
    found = {}
    for partnership in Partnership.objects.filter(participations__ministry=ministry).with_participants():
        found.setdefault(partnership.title.casefold(), partnership)
    return found


class Indicators:
    """Indicators with the measurements the importing organisation took before Interlock, one line per
    measurement, matched by the partnership's and the indicator's names and the reporting period of the date.

    A new indicator is owned by the importing organisation and checked as the Results tab checks it. Each
    measurement is the importing organisation's own (never another partner's), checked with the results'
    rules and sent for approval to the indicator's owner, as a measurement reported on the page is.
    """

    key = "indicators"
    support_only = False
    for_coordinators = True
    refusal = Parties.refusal
    label = gettext_lazy("Indicators with past measurements (coordinators)")
    columns = [
        *["partnership", "indicator", "definition", "unit", "direction", "baseline", "target"],
        *["date", "value", "note"],
    ]
    example = [
        [
            *["Safe Roads", "Deaths on northern roads", "Deaths within 30 days of a crash", "number", "decrease"],
            *["40", "20", "2024-06-30", "38", "Police count"],
        ],
        ["Safe Roads", "Deaths on northern roads", "", "", "", "", "", "2024-09-30", "35", ""],
    ]
    INDICATOR_COLUMNS = ("definition", "unit", "direction", "baseline", "target")

    def plan(self, rows, ministry, by=None):
        partnerships = _partnerships_of(ministry)
        indicators = {
            (indicator.partnership_id, indicator.name.casefold()): indicator
            for indicator in Indicator.objects.filter(partnership__in=partnerships.values())
        }
        periods = {
            (period.indicator_id, period.start): period
            for period in ReportingPeriod.objects.filter(indicator__in=indicators.values())
        }
        measured = {
            (m.period.indicator_id, m.period.start): m
            for m in Measurement.objects.filter(
                indicator__in=indicators.values(), ministry=ministry, field_unit=None
            ).select_related("period")
        }
        new = {}  # (partnership id, indicator name): (first line, unsaved indicator, its columns)
        seen = {}
        outcomes = []
        for line, values in rows:
            name = f"{values.get('indicator', '')}: {values.get('date', '')}"
            partnership = partnerships.get(values.get("partnership", "").casefold())
            refusal = None
            if partnership is None:
                refusal = _(
                    "Your organisation takes part in no partnership called “%(name)s”. "
                    "Write its name as the partnership's page shows it."
                ) % {"name": values.get("partnership", "")}
            elif ministry.pk not in partnership.participant_ministry_ids or not can_manage_fieldwork(by, partnership):
                refusal = _(
                    "Only the coordinators of a participant report on this partnership, and not once it is closed."
                )
            if refusal:
                outcomes.append(Outcome(line, REFUSED, name, refusal))
                continue
            key = (partnership.pk, values.get("indicator", "").casefold())
            indicator, refusal = self._indicator(line, values, partnership, ministry, key, indicators, new)
            if refusal is None:
                try:
                    day, value, value_text = self._measurement(values, partnership, indicator)
                except ValidationError as error:
                    refusal = " ".join(error.messages)
            if refusal:
                outcomes.append(Outcome(line, REFUSED, name, refusal))
                continue
            start, end = indicator.period_containing(day)
            if (key, start) in seen:
                outcomes.append(
                    Outcome(
                        line,
                        REFUSED,
                        name,
                        _("Line %(line)s already gives this indicator's value for the period of this date.")
                        % {"line": seen[(key, start)]},
                    )
                )
                continue
            seen[(key, start)] = line
            wanted = {
                "partnership": partnership.pk,
                "indicator": new[key][2] if key in new else None,
                "name": indicator.name,
                "start": start,
                "end": end,
                "value": value,
                "value_text": value_text,
                "note": values.get("note", ""),
            }
            stored = measured.get((indicator.pk, start)) if indicator.pk else None
            period = periods.get((indicator.pk, start)) if indicator.pk else None
            if stored is not None and (stored.value, stored.value_text, stored.note) == (
                value,
                value_text,
                wanted["note"],
            ):
                outcomes.append(Outcome(line, UNCHANGED, name))
            elif period is not None and period.is_locked:
                outcomes.append(
                    Outcome(line, REFUSED, name, _("This period is locked: its results are final. Leave the line out."))
                )
            elif stored is not None and stored.status not in (Measurement.Status.DRAFT, Measurement.Status.RETURNED):
                outcomes.append(
                    Outcome(
                        line,
                        REFUSED,
                        name,
                        _("A different value is already %(status)s for this period. Leave the line out.")
                        % {"status": stored.get_status_display().lower()},
                    )
                )
            elif stored is not None:
                outcomes.append(Outcome(line, CHANGED, name, _("value or note"), wanted))
            else:
                outcomes.append(Outcome(line, CREATED, name, values=wanted))
        return outcomes

    def _indicator(self, line, values, partnership, ministry, key, indicators, new):
        """(the indicator the line measures, None) or (None, why the line is refused)."""
        given = {column: values.get(column, "") for column in self.INDICATOR_COLUMNS}
        given["unit"], given["direction"] = given["unit"].casefold(), given["direction"].casefold()
        if not key[1]:
            return None, _("The indicator's name is empty. Write it on every line.")
        indicator = indicators.get(key)
        if indicator is not None:
            differs = [
                column
                for column in self.INDICATOR_COLUMNS
                if given[column] and not _same(given[column], getattr(indicator, column))
            ]
            if differs:
                return None, _(
                    "This indicator already exists with another %(columns)s. Change it on the Results tab, "
                    "or leave these columns empty."
                ) % {"columns": ", ".join(differs)}
            return indicator, None
        if key in new:
            first_line, candidate, first = new[key]
            differs = [column for column in self.INDICATOR_COLUMNS if given[column] not in ("", first[column])]
            if differs:
                return None, _(
                    "“%(column)s” differs from the indicator's first line (line %(line)s). "
                    "Write it once, on the first line, or the same on every line."
                ) % {"column": differs[0], "line": first_line}
            return candidate, None
        if not given["definition"]:
            return None, _("A new indicator needs its definition: write what exactly is counted, on its first line.")
        fields = {
            "name": values.get("indicator", ""),
            "definition": given["definition"],
            "unit": given["unit"] or Indicator.Unit.NUMBER,
            "direction": given["direction"] or Indicator.Direction.INCREASE,
            "baseline": given["baseline"] or None,
            "target": given["target"] or None,
        }
        candidate = Indicator(partnership=partnership, owner_ministry=ministry, **fields)
        try:
            # The Results tab's own checks: the model's rules, its unique name in the partnership.
            candidate.full_clean(exclude=["created_by"])
        except ValidationError as error:
            return None, " ".join(f"{column}: {' '.join(messages)}" for column, messages in error.message_dict.items())
        new[key] = (line, candidate, fields)
        return candidate, None

    @staticmethod
    def _measurement(values, partnership, indicator):
        """(day, value, value_text) checked with the results' rules, or ValidationError."""
        try:
            day = forms.DateField().clean(values.get("date", ""))
        except ValidationError:
            raise ValidationError(_("Write the date as year-month-day, such as 2024-06-30.")) from None
        partnership.check_happened_on(day, field="date")
        raw = values.get("value", "")
        if indicator.unit == Indicator.Unit.YES_NO and raw.casefold() in YES | NO - {""}:
            raw = "1" if raw.casefold() in YES else "0"
        form = MeasurementForm({"value": raw, "value_text": raw}, indicator=indicator, places=[], fixed_period=True)
        if not form.is_valid():
            errors = {name: errors for name, errors in form.errors.items() if name in ("value", "value_text")}
            raise ValidationError(" ".join(message for messages in errors.values() for message in messages))
        value, value_text = measurement_value_check(
            indicator, form.cleaned_data.get("value"), form.cleaned_data.get("value_text", "")
        )
        return day, value, value_text

    def save(self, outcomes, ministry, by=None):
        """New indicators through the Results tab's service; the batch's periods and measurements in a constant
        number of queries, each measurement sent for approval with its step, as on the page."""
        pairs = {(o.values["partnership"], o.values["name"]) for o in outcomes}
        indicators = {
            (indicator.partnership_id, indicator.name.casefold()): indicator
            for indicator in Indicator.objects.filter(partnership_id__in={pair[0] for pair in pairs})
        }
        for outcome in outcomes:
            key = (outcome.values["partnership"], outcome.values["name"].casefold())
            if key not in indicators:  # created by an earlier batch, or by this one
                partnership = Partnership.objects.get(pk=key[0])
                fields = outcome.values["indicator"] | {"owner_ministry": ministry}
                indicators[key] = indicator_create(partnership=partnership, by=by, fields=fields)
        rows = [(indicators[(o.values["partnership"], o.values["name"].casefold())], o) for o in outcomes]
        periods = {
            (period.indicator_id, period.start): period
            for period in ReportingPeriod.objects.filter(
                indicator__in={indicator for indicator, _o in rows}, start__in={o.values["start"] for _i, o in rows}
            )
        }
        missing = {}
        for indicator, outcome in rows:
            period_key = (indicator.pk, outcome.values["start"])
            if period_key not in periods and period_key not in missing:
                missing[period_key] = ReportingPeriod(
                    indicator=indicator, start=outcome.values["start"], end=outcome.values["end"]
                )
        ReportingPeriod.objects.bulk_create(missing.values())
        periods |= missing
        stored = {
            m.period_id: m
            for m in Measurement.objects.filter(
                period__in=[periods[(i.pk, o.values["start"])] for i, o in rows], ministry=ministry, field_unit=None
            )
        }
        now = timezone.now()
        created, changed = [], []
        for indicator, outcome in rows:
            period = periods[(indicator.pk, outcome.values["start"])]
            measurement = stored.get(period.pk) or Measurement(
                indicator=indicator, period=period, ministry=ministry, field_unit=None
            )
            measurement.value, measurement.value_text = outcome.values["value"], outcome.values["value_text"]
            measurement.note, measurement.reported_by = outcome.values["note"], by
            measurement.status, measurement.submitted_at = Measurement.Status.SUBMITTED, now
            (changed if measurement.pk else created).append(measurement)
        Measurement.objects.bulk_create(created)
        fields = ["value", "value_text", "note", "reported_by", "status", "submitted_at", "updated_at"]
        for measurement in changed:
            measurement.updated_at = now
        Measurement.objects.bulk_update(changed, fields)
        MeasurementStep.objects.bulk_create(
            MeasurementStep(measurement=m, action=MeasurementStep.Action.SUBMITTED, by=by) for m in created + changed
        )


def _same(text, stored):
    """Whether a file's text says what is stored: 40 and 40.0 say Decimal('40.00')."""
    if isinstance(stored, Decimal):
        try:
            return Decimal(text) == stored
        except ArithmeticError:
            return False
    return text == ("" if stored is None else str(stored))


class Budgets:
    """Budgets and what each party contributes, one line per organisation and fiscal year, matched by the
    partnership's name, the organisation and the year. A partnership without a budget gets one (in the file's
    currency and fiscal year, over the file's years and the partnership's life), as the Budget tab sets it up.

    Only the people the Budget tab lets do the same import it: the lead's coordinators set a budget up, and
    the budget's managers record the contributions, with the Budget tab's own rules.
    """

    key = "budgets"
    support_only = False
    for_coordinators = True
    refusal = Parties.refusal
    label = gettext_lazy("Budgets and contributions (coordinators)")
    columns = ["partnership", "currency", "fiscal_year_start_month", "organisation", "fiscal_year"]
    columns += ["pledged", "committed"]
    example = [
        ["Safe Roads", "CAD", "4", "MOT", "2024", "500000", "250000"],
        ["Safe Roads", "CAD", "4", "MOH", "2024", "300000", "300000"],
        ["Safe Roads", "CAD", "4", "MOT", "2025", "500000", "0"],
    ]

    def plan(self, rows, ministry, by=None):
        partnerships = _partnerships_of(ministry)
        organisations = {m.short_name.casefold(): m for m in Ministry.objects.all()}
        budgets = {
            b.partnership_id: b
            for b in Budget.objects.filter(partnership__in=partnerships.values()).prefetch_related("committee")
        }
        by_id = {p.pk: p for p in partnerships.values()}
        for budget in budgets.values():
            budget.partnership = by_id[budget.partnership_id]  # with its parties, for the permission checks
        stored = {
            (c.budget.partnership_id, c.ministry_id, c.fiscal_year): (c.pledged, c.committed)
            for c in Contribution.objects.filter(budget__in=budgets.values()).select_related("budget")
        }
        new = self._new_budgets(rows, partnerships, budgets)
        seen = {}
        outcomes = []
        for line, values in rows:
            name = f"{values.get('partnership', '')}: {values.get('organisation', '')} {values.get('fiscal_year', '')}"
            try:
                partnership, budget, organisation, year, amounts = self._row(
                    values, partnerships, budgets, new, organisations, by
                )
            except ValidationError as error:
                outcomes.append(Outcome(line, REFUSED, name, " ".join(error.messages)))
                continue
            key = (partnership.pk, organisation.pk, year)
            if key in seen:
                refusal = _("Line %(line)s already gives this organisation's money for this year. Keep one line.")
                outcomes.append(Outcome(line, REFUSED, name, refusal % {"line": seen[key]}))
                continue
            seen[key] = line
            wanted = {"partnership": partnership.pk, "ministry": organisation.pk, "year": year, "amounts": amounts}
            if budget.pk is None:
                wanted["budget"] = {
                    name: getattr(budget, name)
                    for name in ("currency", "fiscal_year_start_month", "first_year", "last_year", "managed_by")
                }
            before = stored.get(key, (Decimal(0), Decimal(0)))
            if before == amounts:
                outcomes.append(Outcome(line, UNCHANGED, name))
            elif key in stored:
                outcomes.append(Outcome(line, CHANGED, name, _("amounts"), wanted))
            else:
                outcomes.append(Outcome(line, CREATED, name, values=wanted))
        return outcomes

    @staticmethod
    def _new_budgets(rows, partnerships, budgets):
        """{partnership id: unsaved Budget} for the partnerships without one: the first line's currency and
        month, over the file's years and the partnership's life."""
        new = {}
        for _line, values in rows:
            partnership = partnerships.get(values.get("partnership", "").casefold())
            if partnership is None or partnership.pk in budgets:
                continue
            year = _number(values.get("fiscal_year", ""))
            budget = new.get(partnership.pk)
            if budget is None:
                month = _number(values.get("fiscal_year_start_month", "")) or fiscal.default_start_month()
                budget = new[partnership.pk] = Budget(
                    partnership=partnership,
                    currency=values.get("currency", "").upper() or default_currency(),
                    fiscal_year_start_month=month,
                    first_year=year,
                    last_year=year,
                    managed_by=Budget.ManagedBy.LEAD,
                )
                life = budget_years_for(partnership, month) if 1 <= month <= 12 else None
                if life:
                    budget.first_year, budget.last_year = life
            if year:
                budget.first_year = min(filter(None, (budget.first_year, year)))
                budget.last_year = max(filter(None, (budget.last_year, year)))
        return new

    @staticmethod
    def _row(values, partnerships, budgets, new, organisations, by):
        """(partnership, budget, organisation, fiscal year, (pledged, committed)) or ValidationError."""
        partnership = partnerships.get(values.get("partnership", "").casefold())
        if partnership is None:
            raise ValidationError(
                _(
                    "Your organisation takes part in no partnership called “%(name)s”. "
                    "Write its name as the partnership's page shows it."
                )
                % {"name": values.get("partnership", "")}
            )
        organisation = organisations.get(values.get("organisation", "").casefold())
        if organisation is None:
            raise ValidationError(
                _(
                    "No organisation has the short name “%(name)s”. Write the short name shown on its page, "
                    "or import the organisation first."
                )
                % {"name": values.get("organisation", "")}
            )
        year = _number(values.get("fiscal_year", ""))
        if year is None:
            raise ValidationError(_("Write the fiscal year as the year it starts in, such as 2024."))
        budget = budgets.get(partnership.pk) or new[partnership.pk]
        if budget.pk is None and not can_set_up_budget(by, partnership):
            raise ValidationError(_("This partnership has no budget yet, and only its lead's coordinators set one up."))
        if budget.pk is not None and not can_manage_budget(by, budget):
            raise ValidationError(_("Only the budget's managers record its contributions. Ask them to import it."))
        month = values.get("fiscal_year_start_month", "")
        currency = values.get("currency", "").upper()
        if (currency and currency != budget.currency) or (month and _number(month) != budget.fiscal_year_start_month):
            raise ValidationError(
                _(
                    "The budget is kept in %(currency)s, its fiscal year starting in month %(month)s. "
                    "Write these, or leave the columns empty."
                )
                % {"currency": budget.currency, "month": budget.fiscal_year_start_month}
            )
        if budget.pk is None:
            budget.full_clean(exclude=["partnership", "created_by"])
            budget_check(
                partnership=partnership,
                fields={"managed_by": budget.managed_by}
                | {name: getattr(budget, name) for name in ("first_year", "last_year", "fiscal_year_start_month")},
            )
        amount = forms.DecimalField(max_digits=14, decimal_places=2, required=False)
        amounts = tuple(amount.clean(values.get(column, "")) or Decimal(0) for column in ("pledged", "committed"))
        contributions_check(budget=budget, amounts={(organisation.pk, year): amounts})
        return partnership, budget, organisation, year, amounts

    def save(self, outcomes, ministry, by=None):
        """Each partnership's new budget and its contributions through the Budget tab's services."""
        by_partnership = {}
        for outcome in outcomes:
            by_partnership.setdefault(outcome.values["partnership"], []).append(outcome.values)
        for partnership_id, rows in by_partnership.items():
            partnership = Partnership.objects.with_participants().get(pk=partnership_id)
            budget = Budget.objects.filter(partnership=partnership).first()
            if budget is None:  # an earlier batch may have set it up
                budget = budget_create(partnership=partnership, by=by, fields=rows[0]["budget"])
            contributions_save(
                budget=budget, by=by, amounts={(row["ministry"], row["year"]): row["amounts"] for row in rows}
            )


def _number(text):
    """A whole number written in a cell, or None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


KINDS = {kind.key: kind for kind in (Units(), People(), Organisations(), Parties(), Indicators(), Budgets())}
