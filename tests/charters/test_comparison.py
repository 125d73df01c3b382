from datetime import date

from charters.comparison import compare_snapshots
from charters.services import charter_save
from tests.builders import partnership_of

LABELS = [
    "Shared vision",
    "Goals",
    "Professional lead",
    "Procedural lead",
    "Head of the partnership",
    "Members and their responsibilities",
    "Meeting schedule",
    "How decisions are made",
    "How conflicts are resolved",
    "Information to share",
    "How it is shared",
    "How often",
    "Where it is kept",
    "Reporting schedule",
    "Initial assignments",
    "Milestones",
]


def snapshot(assignments=(), milestones=(), **fields):
    return {"fields": fields, "assignments": list(assignments), "milestones": list(milestones)}


def test_compare_snapshots_has_a_row_for_each_field_then_assignments_and_milestones():
    rows = compare_snapshots(snapshot(), snapshot())

    assert [row.label for row in rows] == LABELS
    assert [row.changed for row in rows] == [False] * len(LABELS)


def test_compare_snapshots_flags_only_the_changed_fields():
    left = snapshot(shared_vision="One door.", goals="Shorter waits.", meeting_schedule="Monthly")
    right = snapshot(shared_vision="One door.", goals="A single intake.", meeting_schedule="Monthly", head_figure="Ana")

    rows = compare_snapshots(left, right)

    assert [(row.label, row.left, row.right) for row in rows if row.changed] == [
        ("Goals", "Shorter waits.", "A single intake."),
        ("Head of the partnership", "", "Ana"),
    ]
    assert {row.label: row.right for row in rows}["Shared vision"] == "One door."


def test_compare_snapshots_does_not_flag_a_change_of_surrounding_whitespace():
    rows = compare_snapshots(snapshot(goals="Shorter waits."), snapshot(goals="Shorter waits.\n"))

    assert [row.label for row in rows if row.changed] == []


def test_compare_snapshots_renders_assignments_as_lines():
    right = snapshot(
        assignments=[
            {"task": "Map the intake forms", "ministry": "Ministry of Health", "due_date": "2025-03-01"},
            {"task": "Name focal people", "ministry": "", "due_date": ""},
        ]
    )

    row = compare_snapshots(snapshot(), right)[-2]

    assert (row.label, row.left, row.right, row.changed) == (
        "Initial assignments",
        "",
        "Map the intake forms — Ministry of Health — 2025-03-01\nName focal people",
        True,
    )


def test_compare_snapshots_renders_milestones_as_lines_date_first():
    left = snapshot(milestones=[{"title": "Pilot opens", "due_date": "2025-06-30", "description": "In Sudbury."}])
    right = snapshot(
        milestones=[
            {"title": "Pilot opens", "due_date": "2025-06-30", "description": "In Sudbury."},
            {"title": "First review", "due_date": "2025-12-31", "description": ""},
        ]
    )

    row = compare_snapshots(left, right)[-1]

    assert (row.label, row.left, row.right, row.changed) == (
        "Milestones",
        "2025-06-30 — Pilot opens — In Sudbury.",
        "2025-06-30 — Pilot opens — In Sudbury.\n2025-12-31 — First review",
        True,
    )


def test_compare_snapshots_of_two_revisions_of_a_charter(ministry, other_ministry):
    partnership = partnership_of(ministry, other_ministry)
    # A version made by hand: the service is not what this test is about.
    version = partnership.charter_versions.create(number=1, shared_vision="One door.")
    before = version.snapshot()
    charter_save(
        version=version,
        by=None,
        expected_revision=1,
        fields={"decision_protocol": "Consensus."},
        assignments=[{"task": "Map the intake forms", "ministry": other_ministry, "due_date": date(2025, 3, 1)}],
        milestones=[],
    )

    rows = compare_snapshots(before, version.snapshot())

    assert [(row.label, row.left, row.right) for row in rows if row.changed] == [
        ("How decisions are made", "", "Consensus."),
        ("Initial assignments", "", "Map the intake forms — Ministry of Health — 2025-03-01"),
    ]
