from .charter import (
    CHARTER_TEXT_FIELDS,
    CharterAssignment,
    CharterMilestone,
    CharterRevision,
    CharterSignature,
    CharterVersion,
)
from .fieldwork import Milestone, ProgressAttachment, ProgressLog
from .meetings import (
    ActionItem,
    Conflict,
    ConflictEscalation,
    Decision,
    EscalationLevel,
    Mechanism,
    Meeting,
    MeetingAttendance,
    Vote,
)
from .partnership import Cadence, Participation, Partnership, Phase
from .results import Indicator, Measurement, MeasurementStep, Progress, ReportingPeriod, Track, track_of

__all__ = [
    "ActionItem",
    "CHARTER_TEXT_FIELDS",
    "Cadence",
    "CharterAssignment",
    "CharterMilestone",
    "CharterRevision",
    "CharterSignature",
    "CharterVersion",
    "Conflict",
    "ConflictEscalation",
    "Decision",
    "EscalationLevel",
    "Indicator",
    "Measurement",
    "MeasurementStep",
    "Mechanism",
    "Meeting",
    "MeetingAttendance",
    "Milestone",
    "Participation",
    "Partnership",
    "Phase",
    "Progress",
    "ProgressAttachment",
    "ProgressLog",
    "ReportingPeriod",
    "Track",
    "track_of",
    "Vote",
]
