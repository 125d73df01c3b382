from .gates import PHASE_ORDER, GateDecision, GateRequest, GateRequirement, next_phase
from .points import ConflictArrangement, Point, PointAnswer, PointEvidence, PointPosition, ValueAssessment

__all__ = [
    "PHASE_ORDER",
    "ConflictArrangement",
    "GateDecision",
    "GateRequest",
    "GateRequirement",
    "Point",
    "PointAnswer",
    "PointEvidence",
    "PointPosition",
    "ValueAssessment",
    "next_phase",
]
