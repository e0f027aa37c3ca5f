"""PlanFlow: the seed's cronograma (activities a–l) as one process per action plan.

Each activity's human steps carry a deadline taken from the plan's cronograma; past it,
a non-interrupting timer puts an escalation task in the technical secretariat's queue.
Steps that depend on other apps wait for the real thing: the oficios of b and k continue
the flow once issued, the consultation closes on its timer (h), and systematization (i)
ends when every proposal has a published disposition.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from correspondence.nodes import DynamicSplit
from workflow import task_views, task_views_final
from workflow.permissions import APPROVE, MANAGE, PRESIDE, PUBLISH, REVIEW_LEGAL, VIEW
from workflow.steps import (
    approved,
    closes_at,
    commission_members,
    consultation_settled,
    due,
    oficio_issued,
    workshops,
)


class PlanFlow(flow.Flow):
    """Plan de acción de Gobierno Abierto

    From the commission's definition of the work to the resolution that approves the plan.
    """

    process_title = _("Open Government action plan")
    process_summary_template = "{{ process.data.plan }}"
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.define)

    # a) The commission defines the activities and the outline; the president approves.
    define = (
        flow.View(task_views.SessionView.as_view())
        .Annotation(title=_("a) Record the commission session"))
        .Permission(MANAGE)
        .OnTimeout(due("a"), this.escalate, interrupting=False)
        .Next(this.approve_definition)
    )
    approve_definition = (
        flow.View(task_views.DecisionView.as_view(decision="definition"))
        .Annotation(title=_("a) Approve the activities and outline"))
        .Permission(PRESIDE)
        .Next(this.check_definition)
    )
    check_definition = flow.If(approved("definition")).Then(this.outreach).Else(this.define)
    outreach = flow.Split().Next(this.announce).Next(this.press)

    # b) Oficio múltiple announcing the start, through the correspondence app.
    announce = (
        flow.View(task_views.OficioStepView.as_view(step="b"))
        .Annotation(title=_("b) Draft the oficio announcing the start"))
        .Permission(MANAGE)
        .OnTimeout(due("b"), this.escalate, interrupting=False)
        .Next(this.announcement_issued)
    )
    announcement_issued = flow.ConditionalCatch(oficio_issued("b")).Next(this.outreach_done)

    # c) Press note and leaflet: prepared, approved, published.
    press = (
        flow.View(task_views.PressView.as_view())
        .Annotation(title=_("c) Prepare the press note and the leaflet"))
        .Permission(MANAGE)
        .OnTimeout(due("c"), this.escalate, interrupting=False)
        .Next(this.approve_press)
    )
    approve_press = (
        flow.View(task_views.DecisionView.as_view(decision="press"))
        .Annotation(title=_("c) Approve the press note and the leaflet"))
        .Permission(PUBLISH)
        .Next(this.check_press)
    )
    check_press = flow.If(approved("press")).Then(this.publish_press).Else(this.press)
    publish_press = (
        flow.View(task_views_final.PublishView.as_view())
        .Annotation(title=_("c) Record the publication"))
        .Permission(MANAGE)
        .Next(this.outreach_done)
    )
    outreach_done = flow.Join().Next(this.participation)

    # d, e, f) One branch per regional workshop and Lima's, and the meetings with Congress.
    participation = DynamicSplit().Next(this.workshop, data_source=workshops).Next(this.congress)
    workshop = (
        flow.View(task_views.WorkshopView.as_view())
        .Annotation(title=_("d–e) Record the workshop"))
        .Permission(MANAGE)
        .OnTimeout(due("d"), this.escalate, interrupting=False)
        .Next(this.participation_done)
    )
    congress = (
        flow.View(task_views.CongressView.as_view())
        .Annotation(title=_("f) Record the meeting with members of Congress"))
        .Permission(MANAGE)
        .OnTimeout(due("f"), this.escalate, interrupting=False)
        .Next(this.participation_done)
    )
    participation_done = flow.Join().Next(this.draft)

    # g) First draft; members observe, the president approves or returns it.
    draft = (
        flow.View(task_views.DraftView.as_view())
        .Annotation(title=_("g) Compose the first draft"))
        .Permission(MANAGE)
        .OnTimeout(due("g"), this.escalate, interrupting=False)
        .Next(this.ask_observations)
    )
    ask_observations = DynamicSplit().Next(this.observe, data_source=commission_members)
    observe = (
        flow.View(task_views.ObserveView.as_view())
        .Annotation(title=_("g) Observe the draft"))
        .Assign(lambda act: task_views.member(act))
        .Next(this.observations_done)
    )
    observations_done = flow.Join().Next(this.approve_draft)
    approve_draft = (
        flow.View(task_views.DecisionView.as_view(decision="draft"))
        .Annotation(title=_("g) Approve the draft or return it"))
        .Permission(PRESIDE)
        .Next(this.check_draft)
    )
    check_draft = flow.If(approved("draft")).Then(this.open_consultation).Else(this.draft)

    # h) Publication and public consultation, closed by a timer on its date.
    open_consultation = (
        flow.View(task_views_final.OpenConsultationView.as_view())
        .Annotation(title=_("h) Publish the draft and open the consultation"))
        .Permission(MANAGE)
        .OnTimeout(due("h"), this.escalate, interrupting=False)
        .Next(this.consultation_window)
    )
    consultation_window = flow.Timer(closes_at).Next(this.close_consultation)
    close_consultation = flow.Function(this.consultation_closed).Next(this.systematization)

    # i) Systematization: continues when every proposal has a published disposition.
    systematization = flow.ConditionalCatch(consultation_settled).Next(this.prioritization)

    # j) Members score the commitments; the tally orders them; the final plan is written.
    prioritization = DynamicSplit().Next(this.score, data_source=commission_members)
    score = (
        flow.View(task_views_final.ScoreView.as_view())
        .Annotation(title=_("j) Score the commitments"))
        .Assign(lambda act: task_views.member(act))
        .Next(this.scores_done)
    )
    scores_done = flow.Join().Next(this.tally)
    tally = flow.Function(this.priorities_tallied).Next(this.final_version)
    final_version = (
        flow.View(task_views_final.FinalVersionView.as_view())
        .Annotation(title=_("j) Write the final version"))
        .Permission(MANAGE)
        .OnTimeout(due("j"), this.escalate, interrupting=False)
        .Next(this.invite)
    )

    # k) Presentation to participants: invitations by oficio múltiple, then the acta.
    invite = (
        flow.View(task_views.OficioStepView.as_view(step="k"))
        .Annotation(title=_("k) Draft the invitations to the presentation"))
        .Permission(MANAGE)
        .Next(this.invitations_issued)
    )
    invitations_issued = flow.ConditionalCatch(oficio_issued("k")).Next(this.presentation)
    presentation = (
        flow.View(task_views_final.PresentationView.as_view())
        .Annotation(title=_("k) Record the presentation"))
        .Permission(MANAGE)
        .OnTimeout(due("k"), this.escalate, interrupting=False)
        .Next(this.report)
    )

    # l) Technical report and resolution: legal V°B°, signature, number, publication.
    report = (
        flow.View(task_views_final.ReportView.as_view())
        .Annotation(title=_("l) Write the technical report and the resolution"))
        .Permission(MANAGE)
        .OnTimeout(due("l"), this.escalate, interrupting=False)
        .Next(this.legal_review)
    )
    legal_review = (
        flow.View(task_views.DecisionView.as_view(decision="legal"))
        .Annotation(title=_("l) Legal advisory visto bueno"))
        .Permission(REVIEW_LEGAL)
        .Next(this.check_legal)
    )
    check_legal = flow.If(approved("legal")).Then(this.sign_resolution).Else(this.report)
    sign_resolution = (
        flow.View(task_views_final.SignResolutionView.as_view())
        .Annotation(title=_("l) Sign the resolution approving the plan"))
        .Permission(APPROVE)
        .Next(this.publish_resolution)
    )
    publish_resolution = (
        flow.View(task_views_final.PublishView.as_view())
        .Annotation(title=_("l) Publish the resolution and the plan"))
        .Permission(MANAGE)
        .Next(this.end)
    )
    end = flow.End()

    # Escalation of an overdue step (a parallel path: the step itself stays open).
    escalate = (
        flow.View(task_views_final.EscalationView.as_view())
        .Annotation(title=_("Overdue step: follow up"))
        .Permission(MANAGE)
        .Next(this.escalated)
    )
    escalated = flow.End()

    def start_process(self, activation: Any, plan: Any) -> Any:
        # Saved by the start activation, inside its transaction.
        activation.process.artifact = plan
        activation.process.data = {"plan": str(plan), "approved": {}, "oficios": {}}
        return activation.process

    def consultation_closed(self, activation: Any) -> None:
        from workflow.approval import consultation_end

        consultation_end(plan=activation.process.artifact)

    def priorities_tallied(self, activation: Any) -> None:
        from workflow.services import priorities_tally

        priorities_tally(plan=activation.process.artifact, actor=None)

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        return bool(user.is_authenticated and user.has_perm(VIEW))


def plan_start(plan: Any) -> Any:
    """Start the plan's process (once per plan)."""
    return PlanFlow.start.run(plan=plan)
