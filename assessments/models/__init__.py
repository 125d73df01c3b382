from assessments.models.gates import (
    PHASE_ORDER,
    GateDecision,
    GatePosition,
    GateRequest,
    GateRequirement,
    GateWaiver,
    next_phase,
)
from assessments.models.health import (
    ANONYMITY_THRESHOLD,
    Expectation,
    ExpectationRating,
    HealthCheck,
    HealthCheckParticipant,
    HealthCheckResponse,
)
from assessments.models.points import Point, PointAnswer, PointEvidence, PointPosition, ValueAssessment
from assessments.models.reviews import Evaluation, EvaluatorAssignment, Recommendation, Review

__all__ = [
    "ANONYMITY_THRESHOLD",
    "PHASE_ORDER",
    "Evaluation",
    "EvaluatorAssignment",
    "Expectation",
    "ExpectationRating",
    "GateDecision",
    "GatePosition",
    "GateRequest",
    "GateRequirement",
    "GateWaiver",
    "HealthCheck",
    "HealthCheckParticipant",
    "HealthCheckResponse",
    "Point",
    "PointAnswer",
    "PointEvidence",
    "PointPosition",
    "Recommendation",
    "Review",
    "ValueAssessment",
    "next_phase",
]
