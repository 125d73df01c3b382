from .charter import (
    CHARTER_TEXT_FIELDS,
    CharterAssignment,
    CharterMilestone,
    CharterRevision,
    CharterSignature,
    CharterVersion,
)
from .partnership import Cadence, Participation, Partnership, Phase

__all__ = [
    "CHARTER_TEXT_FIELDS",
    "Cadence",
    "CharterAssignment",
    "CharterMilestone",
    "CharterRevision",
    "CharterSignature",
    "CharterVersion",
    "Participation",
    "Partnership",
    "Phase",
]
