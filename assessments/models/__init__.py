from assessments.models.gates import PHASE_ORDER, GateDecision, GateRequest, GateRequirement, next_phase
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
