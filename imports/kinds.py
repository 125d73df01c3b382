"""What can be imported, and how each row becomes rows of ours: matched by its natural key, so that a
second run of the same file finds everything in place and changes nothing.

Each kind plans first (one query for what exists, then every row in memory) and saves only after:
a refused row is known before anything is written.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ministries.models import FieldUnit


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
    label = gettext_lazy("Units: regions, districts, offices and sites")
    columns = ["name", "kind", "part_of", "name_fr", "name_he"]
    example = [
        ["Northern Region", "region", "", "Région du Nord", ""],
        ["Thunder Bay District", "district", "Northern Region", "District de Thunder Bay", ""],
        ["Thunder Bay Office", "office", "Thunder Bay District", "", ""],
    ]
    NAME_LENGTH = 200

    def plan(self, rows, ministry):
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

    def save(self, outcomes, ministry):
        """Write the planned rows (created and changed), a constant number of queries for a batch."""
        units = {unit.name.casefold(): unit for unit in FieldUnit.objects.filter(ministry=ministry)}
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
        FieldUnit.objects.bulk_create(new)
        touched = []
        for outcome in outcomes:
            unit = units[outcome.values["name"].casefold()]
            parent = outcome.values["parent"]
            unit.parent = units[parent.casefold()] if parent else None
            touched.append(unit)
        FieldUnit.objects.bulk_update(touched, ["name", "kind", "name_fr", "name_he", "parent"])


def _column(column, values):
    value = values.get("parent" if column == "part_of" else column, "")
    return value.casefold() if column == "part_of" else value


KINDS = {kind.key: kind for kind in (Units(),)}
