"""Follow-up of overdue oficios: a task in the technical secretariat's queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView

from core.access import holds_a_role
from correspondence import task_views
from correspondence.nodes import DynamicSplit

FOLLOW_UP_PERMISSION = "correspondence.follow_up_dispatch"


class FollowUpFlow(flow.Flow):
    """Seguimiento de oficio vencido

    A recipient did not answer within its term: after the first reminder, the
    technical secretariat calls the entity's liaison and records the outcome.
    """

    process_title = _("Follow-up of an overdue oficio")
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.follow_up)
    follow_up = (
        flow.View(UpdateProcessView.as_view(fields=[]))
        .Annotation(title=_("Follow up the unanswered oficio"))
        .Permission(FOLLOW_UP_PERMISSION)
        .Next(this.end)
    )
    end = flow.End()

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        # Only those who follow up see these processes (not every viewer of processes).
        return bool(user.is_authenticated and user.has_perm(FOLLOW_UP_PERMISSION))


def follow_up_start(dispatch: Any) -> Any:
    """Open the follow-up for ``dispatch`` (once: the caller starts it at the first reminder)."""
    return FollowUpFlow.start.run(_process_seed=dispatch)


class OficioFlow(flow.Flow):
    """Oficio

    The author's draft gets its vistos buenos (in order or in parallel; an observation
    returns it to the author), the office head signs (number, PDF, signature), it is
    dispatched to each recipient, and the author closes it once followed up.
    """

    process_title = _("Oficio")
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.check_reviews)
    check_reviews = (
        flow.Switch()
        .Case(
            this.ask_reviews,
            lambda act: _oficio(act).state == "proyecto" and _pending(act).exists(),
        )
        .Case(this.correct, lambda act: _oficio(act).state == "proyecto")
        .Default(this.sign)
    )
    ask_reviews = DynamicSplit().Next(this.review, data_source=lambda act: _to_ask(act))
    review = (
        flow.View(task_views.ReviewView.as_view())
        .Annotation(title=_("Visto bueno"))
        .Assign(lambda act: task_views.user(act.task.data["reviewer"]))
        .Next(this.reviews_done)
    )
    reviews_done = flow.Join().Next(this.check_reviews)
    correct = (
        flow.View(task_views.CorrectView.as_view())
        .Annotation(title=_("Correct the draft"))
        .Assign(lambda act: _oficio(act).author)
        .Next(this.check_reviews)
    )
    sign = (
        flow.View(task_views.SignView.as_view())
        .Annotation(title=_("Sign the oficio"))
        .Assign(lambda act: _oficio(act).signer)
        .Next(this.close)
    )
    close = (
        flow.View(task_views.CloseView.as_view())
        .Annotation(title=_("Close after receipts and replies"))
        .Assign(lambda act: _oficio(act).author)
        .Next(this.end)
    )
    end = flow.End()

    def start_process(self, activation: Any, oficio: Any) -> Any:
        # Saved by the start activation, inside its transaction.
        activation.process.artifact = oficio
        return activation.process

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return holds_a_role(user)


def _oficio(activation: Any) -> Any:
    from correspondence.models import Oficio

    return Oficio.objects.get(pk=activation.process.artifact_object_id)


def _pending(activation: Any) -> Any:
    from correspondence.models import Review

    oficio = _oficio(activation)
    return oficio.reviews.filter(round=oficio.round, state=Review.State.PENDING).order_by("order")


def _to_ask(activation: Any) -> list[dict[str, int]]:
    """Parallel: every pending visto bueno at once; in order: the next one only."""
    pending = list(_pending(activation))
    if _oficio(activation).review_mode == "sequential":
        pending = pending[:1]
    return [{"review": r.pk, "reviewer": r.reviewer_id} for r in pending]


def cancel_open_reviews(activation: Any) -> None:
    """An observation ends the round: cancel the other open visto bueno tasks."""
    from viewflow.workflow.status import STATUS

    siblings = activation.process.task_set.filter(
        flow_task=OficioFlow.review, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    ).exclude(pk=activation.task.pk)
    for task in siblings:
        task.flow_task.activation_class(task).cancel()


def oficio_start(oficio: Any) -> Any:
    """Start the flow of a drafted oficio (its vistos buenos are asked now)."""
    from django.db import transaction

    from correspondence.services import oficio_route

    with transaction.atomic():  # the round of vistos buenos and the process, or neither
        oficio_route(oficio=oficio, actor=oficio.author)
        return OficioFlow.start.run(oficio=oficio)


def oficio_draft(author: Any, data: Mapping[str, Any]) -> Any:
    """Draft an oficio from ``OficioForm``'s cleaned data and send it for its vistos buenos
    (the staff page and the API draft alike)."""
    from correspondence.forms import paragraphs
    from correspondence.services import oficio_create

    oficio = oficio_create(
        author=author, kind=data["kind"], subject=data["subject"],
        body=paragraphs(data["body"]), references=paragraphs(data["references"]),
        recipients=data["entities"], reviewers=list(data["reviewers"]),
        signer=data["signer"], review_mode=data["review_mode"], reply_days=data["reply_days"],
    )  # fmt: skip
    oficio_start(oficio)
    return oficio


class ReceiptFlow(flow.Flow):
    """Oficio recibido

    For a recipient entity whose liaison has an account: the oficio arrives in the
    liaison's inbox, who acknowledges it (cargo) and then uploads the reply.
    """

    process_title = _("Received oficio")
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.acknowledge)
    acknowledge = (
        flow.View(task_views.AcknowledgeView.as_view())
        .Annotation(title=_("Acknowledge receipt"))
        .Assign(lambda act: liaison_of(act.process.seed.entity))
        .Next(this.reply)
    )
    reply = (
        flow.View(task_views.ReplyView.as_view())
        .Annotation(title=_("Send the reply"))
        .Assign(lambda act: liaison_of(act.process.seed.entity))
        .Next(this.end)
    )
    end = flow.End()

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return holds_a_role(user)


def liaison_of(entity: Any) -> Any:
    """The entity's liaison with an account, if any (the first by username)."""
    from django.contrib.auth import get_user_model

    from directory.roles import ENTITY_LIAISON

    return (
        get_user_model()
        .objects.filter(
            profile__entity=entity, groups__name=ENTITY_LIAISON.group_name, is_active=True
        )
        .order_by("username")
        .first()
    )


def receipt_start(dispatch: Any) -> Any:
    return ReceiptFlow.start.run(_process_seed=dispatch)
