"""The plan's domain: the action plan and its commitments, the meetings that produce
them (commission sessions, workshops, Congress meetings) and the cronograma."""

from workflow.models.delegation import Delegation
from workflow.models.meetings import (
    CommissionSession,
    CongressMeeting,
    SessionAttendance,
    Workshop,
    WorkshopAttendance,
)
from workflow.models.plans import ActionPlan, Axis, Commitment, Milestone, PrioritizationScore
from workflow.models.schedule import Publication, ScheduleEntry

__all__ = [
    "ActionPlan",
    "Axis",
    "CommissionSession",
    "Commitment",
    "CongressMeeting",
    "Delegation",
    "Milestone",
    "PrioritizationScore",
    "Publication",
    "ScheduleEntry",
    "SessionAttendance",
    "Workshop",
    "WorkshopAttendance",
]
