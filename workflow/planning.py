"""A new plan with the seed's cronograma, axes and workshops, and the deadlines derived
from it (business days, Peruvian holidays)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from correspondence.business_days import next_business_day
from directory.models import Entity, Office
from workflow.models import ActionPlan, Axis, ScheduleEntry, Workshop


@dataclass(frozen=True)
class Activity:
    code: str
    name: Any
    owner: Any
    # Offsets in days from the first Monday of December of the year before the plan
    # starts: the seed's cronograma ran from December 2013 to April 2014.
    start: int
    end: int


ACTIVITIES = (
    Activity("a", _("Commission defines the activities and outline"), _("Commission"), 0, 11),
    Activity("b", _("Oficios announcing the start"), _("Technical secretariat"), 7, 20),
    Activity("c", _("Press note and information leaflet"), _("Technical secretariat"), 7, 34),
    Activity("d", _("Regional workshops"), _("Technical secretariat and regions"), 49, 67),
    Activity("e", _("Lima workshops"), _("Technical secretariat"), 70, 74),
    Activity("f", _("Meetings with members of Congress"), _("Technical secretariat"), 70, 76),
    Activity("g", _("First draft"), _("Technical secretariat"), 77, 90),
    Activity(
        "h", _("Draft published for public consultation"), _("Technical secretariat"), 91, 111
    ),
    Activity("i", _("Systematization of proposals"), _("Technical secretariat"), 112, 125),
    Activity("j", _("Final version and prioritization"), _("Secretariat and Commission"), 126, 139),
    Activity("k", _("Presentation to participants"), _("Commission"), 140, 146),
    Activity(
        "l",
        _("Ministerial resolution and technical report"),
        _("Secretariat → head of PCM"),
        147,
        160,
    ),
)
ACTIVITY_BY_CODE = {activity.code: activity for activity in ACTIVITIES}

SEED_AXES = (
    "Transparencia y acceso a la información pública",
    "Integridad pública",
    "Gobierno electrónico y nuevas tecnologías",
    "Participación ciudadana",
    "Rendición de cuentas",
)
DEFAULT_REGIONS = ("Ayacucho", "Piura", "San Martín")


def _first_monday_of_december(year: int) -> date:
    day = date(year, 12, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def plan_create(
    *,
    title: str,
    start_year: int,
    end_year: int,
    entity: Entity,
    office: Office,
    actor: Any,
    regions: tuple[str, ...] = DEFAULT_REGIONS,
    instrument: str = ActionPlan.Instrument.MINISTERIAL_RESOLUTION,
) -> ActionPlan:
    """The plan, its cronograma (a–l), the seed's axes and one workshop per region + Lima."""
    if end_year < start_year:
        raise ValueError("El último año del plan no puede ser anterior al primero.")
    origin = _first_monday_of_december(start_year - 1)
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            title=title, start_year=start_year, end_year=end_year, entity=entity, office=office,
            instrument=instrument,
        )  # fmt: skip
        ScheduleEntry.objects.bulk_create(
            ScheduleEntry(
                plan=plan,
                activity=a.code,
                name=str(a.name),
                owner=str(a.owner),
                planned_start=origin + timedelta(days=a.start),
                planned_end=origin + timedelta(days=a.end),
            )
            for a in ACTIVITIES
        )
        Axis.objects.bulk_create(
            Axis(plan=plan, number=n, name=name) for n, name in enumerate(SEED_AXES, start=1)
        )
        _workshops_create(plan, regions, origin)
        audit_record(
            action="plan.create", object_type="actionplan", object_id=plan.pk,
            object_repr=str(plan), actor=actor, to_state=plan.state,
            payload={"regions": list(regions), "instrument": instrument},
        )  # fmt: skip
    return plan


def _workshops_create(plan: ActionPlan, regions: tuple[str, ...], origin: date) -> None:
    by_department = {
        e.department: e for e in Entity.objects.filter(kind=Entity.Kind.REGIONAL_GOVERNMENT)
    }
    workshops = []
    regional = ACTIVITY_BY_CODE["d"]
    for index, region in enumerate(regions):
        start = origin + timedelta(days=regional.start + 7 * index)
        host = by_department.get(region)
        workshops.append(
            Workshop(
                plan=plan,
                kind=Workshop.Kind.REGIONAL,
                region=region,
                city=host.city if host else region,
                host=host,
                start_date=start,
                end_date=start + timedelta(days=4),
            )
        )
    lima = ACTIVITY_BY_CODE["e"]
    start = origin + timedelta(days=lima.start)
    workshops.append(
        Workshop(
            plan=plan,
            kind=Workshop.Kind.LIMA,
            region="Lima",
            city="Lima",
            start_date=start,
            end_date=start + timedelta(days=4),
        )
    )
    Workshop.objects.bulk_create(workshops)


def deadline(plan: ActionPlan, activity: str) -> datetime:
    """The end of the activity's last planned day (a non-business day moves to the next)."""
    entry = ScheduleEntry.objects.get(plan=plan, activity=activity)
    day = next_business_day(entry.planned_end)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def activity_started(plan_id: int, activity: str) -> None:
    ScheduleEntry.objects.filter(
        plan_id=plan_id, activity=activity, actual_start__isnull=True
    ).update(actual_start=timezone.now())


def activity_finished(plan_id: int, activity: str) -> None:
    ScheduleEntry.objects.filter(plan_id=plan_id, activity=activity).update(
        actual_end=timezone.now()
    )
