"""Side-by-side comparison of two charter snapshots (see CharterVersion.snapshot)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from charters.models import CHARTER_TEXT_FIELDS, CharterVersion


@dataclass
class ComparisonRow:
    label: str
    left: str
    right: str

    @property
    def changed(self):
        return self.left.strip() != self.right.strip()


def _lines(items, *keys):
    return "\n".join(" — ".join(str(item[k]) for k in keys if item.get(k)) for item in items)


def compare_snapshots(left, right):
    rows = []
    for name in CHARTER_TEXT_FIELDS:
        label = CharterVersion._meta.get_field(name).verbose_name
        rows.append(ComparisonRow(str(label).capitalize(), left["fields"].get(name, ""), right["fields"].get(name, "")))
    rows.append(
        ComparisonRow(
            str(_("Initial assignments")),
            _lines(left["assignments"], "task", "ministry", "due_date"),
            _lines(right["assignments"], "task", "ministry", "due_date"),
        )
    )
    rows.append(
        ComparisonRow(
            str(_("Milestones")),
            _lines(left["milestones"], "due_date", "title", "description"),
            _lines(right["milestones"], "due_date", "title", "description"),
        )
    )
    return rows
