from results.models.indicators import (
    Indicator,
    Measurement,
    MeasurementStep,
    Progress,
    ReportingPeriod,
    Track,
    compute_progress,
    stored_progress,
    track_of,
)
from results.models.progress import Milestone, ProgressAttachment, ProgressLog, SyncReceipt

__all__ = [
    "Indicator",
    "Measurement",
    "MeasurementStep",
    "Milestone",
    "Progress",
    "ProgressAttachment",
    "ProgressLog",
    "ReportingPeriod",
    "SyncReceipt",
    "Track",
    "compute_progress",
    "stored_progress",
    "track_of",
]
