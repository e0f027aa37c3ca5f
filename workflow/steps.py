"""What PlanFlow's gateways, timers, splits and catch events ask of the domain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from workflow.permissions import DELIBERATE


def plan_of(activation: Any) -> Any:
    from workflow.models import ActionPlan

    return ActionPlan.objects.get(pk=activation.process.artifact_object_id)


def approved(decision: str) -> Callable[[Any], bool]:
    """The outcome of the last decision of this kind (president, publication, legal)."""

    def condition(activation: Any) -> bool:
        return bool(activation.process.data.get("approved", {}).get(decision))

    return condition


def due(activity: str) -> Callable[[Any], datetime]:
    """The end of the activity's planned window, for the step's timeout."""

    def delay(activation: Any) -> datetime:
        from workflow.planning import deadline

        return deadline(plan_of(activation), activity)

    return delay


def oficio_issued(step: str) -> Callable[[Any], bool]:
    """The step's oficio (b: announcement, k: invitations) has been signed and numbered."""

    def condition(activation: Any) -> bool:
        from correspondence.models import Oficio

        pk = activation.process.data.get("oficios", {}).get(step)
        return bool(pk) and Oficio.objects.filter(pk=pk, state=Oficio.State.ISSUED).exists()

    return condition


def closes_at(activation: Any) -> datetime:
    from consultation.models import Consultation

    plan_id = activation.process.artifact_object_id
    return Consultation.objects.filter(plan_id=plan_id).latest("opens_at").closes_at


def consultation_settled(activation: Any) -> bool:
    from consultation.models import Consultation
    from consultation.selectors import consultation_settled as settled

    plan_id = activation.process.artifact_object_id
    return settled(Consultation.objects.filter(plan_id=plan_id).latest("opens_at"))


def workshops(activation: Any) -> list[dict[str, int]]:
    from workflow.models import Workshop

    pks = Workshop.objects.filter(plan_id=activation.process.artifact_object_id).values_list(
        "pk", flat=True
    )
    return [{"workshop": pk} for pk in pks]


def commission_members(activation: Any) -> list[dict[str, int]]:
    """Everyone who deliberates: the members and the president, one task each."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = DELIBERATE.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    users = (
        get_user_model()
        .objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )
    return [{"member": pk} for pk in users.values_list("pk", flat=True)]
