from .gates import PHASE_ORDER, GateDecision, GateRequest, GateRequirement, next_phase
from .health import (
    ANONYMITY_THRESHOLD,
    Expectation,
    ExpectationRating,
    HealthCheck,
    HealthCheckParticipant,
    HealthCheckResponse,
)
from .points import ConflictArrangement, Point, PointAnswer, PointEvidence, PointPosition, ValueAssessment
from .reviews import Evaluation, EvaluatorAssignment, Recommendation, Review

__all__ = [
    "ANONYMITY_THRESHOLD",
    "Evaluation",
    "EvaluatorAssignment",
    "Expectation",
    "ExpectationRating",
    "HealthCheck",
    "HealthCheckParticipant",
    "HealthCheckResponse",
    "Recommendation",
    "Review",
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
