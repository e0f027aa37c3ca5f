"""Systematization (i): clusters that keep provenance, assignment to draft commitments,
reasoned responses (private until published), and similar-proposal suggestions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from consultation.intake import clean_text
from consultation.models import Cluster, Consultation, Disposition, Proposal
from consultation.permissions import SYSTEMATIZE, require
from workflow.models import Commitment

PLACEHOLDERS = ("{compromiso}", "{codigo}", "{eje}")


def _one_consultation(proposals: Sequence[Proposal]) -> Consultation:
    if not proposals:
        raise ValidationError(_("Select at least one proposal."))
    ids = {p.consultation_id for p in proposals}
    if len(ids) != 1:
        raise ValidationError(_("The proposals belong to different consultations."))
    return proposals[0].consultation


def _audit(action: str, actor: Any, consultation: Consultation, **payload: Any) -> None:
    audit_record(
        action=f"proposal.{action}", object_type="consultation", object_id=consultation.pk,
        object_repr=str(consultation), actor=actor, payload=payload,
    )  # fmt: skip


def _ids(proposals: Iterable[Proposal]) -> list[int]:
    return sorted(p.pk for p in proposals)


def proposals_merge(*, proposals: Sequence[Proposal], actor: Any, title: str) -> Cluster:
    """Group proposals under one cluster; each keeps its row, code and provenance."""
    require(actor, SYSTEMATIZE)
    consultation = _one_consultation(proposals)
    title = clean_text(title, 200)
    if not title:
        raise ValidationError(_("Give the cluster a title."))
    with transaction.atomic():
        cluster = Cluster.objects.create(consultation=consultation, title=title)
        Proposal.objects.filter(pk__in=_ids(proposals)).update(cluster=cluster)
        _audit("merge", actor, consultation, cluster=cluster.pk, title=title,
               proposals=_ids(proposals))  # fmt: skip
    return cluster


def cluster_split(*, cluster: Cluster, proposals: Sequence[Proposal], actor: Any) -> None:
    """Take proposals out of a cluster (all of them dissolves it)."""
    require(actor, SYSTEMATIZE)
    with transaction.atomic():
        ids = _ids(p for p in proposals if p.cluster_id == cluster.pk)
        Proposal.objects.filter(pk__in=ids).update(cluster=None)
        dissolved = not cluster.proposals.exists()
        _audit("split", actor, cluster.consultation, cluster=cluster.pk, proposals=ids,
               dissolved=dissolved)  # fmt: skip
        if dissolved:
            cluster.delete()


def proposals_assign(
    *, proposals: Sequence[Proposal], commitment: Commitment | None, actor: Any
) -> None:
    """Where the proposals land: a draft commitment of the plan (None clears it)."""
    require(actor, SYSTEMATIZE)
    consultation = _one_consultation(proposals)
    if commitment is not None and (
        commitment.plan_id != consultation.plan_id or commitment.stage != Commitment.Stage.DRAFT
    ):
        raise ValidationError(_("Assign the proposals to a draft commitment of the plan."))
    with transaction.atomic():
        Proposal.objects.filter(pk__in=_ids(proposals)).update(assigned_commitment=commitment)
        for proposal in proposals:
            proposal.assigned_commitment = commitment
        _audit("assign", actor, consultation, commitment=commitment.pk if commitment else None,
               proposals=_ids(proposals))  # fmt: skip


def response_fill(template: str, proposal: Proposal) -> str:
    """Fill a response's placeholders for one proposal ({compromiso}: its assigned
    commitment's number and title; {codigo}; {eje})."""
    commitment = proposal.assigned_commitment
    if "{compromiso}" in template and commitment is None:
        raise ValidationError(
            _("Proposal %(code)s has no assigned commitment for {compromiso}.")
            % {"code": proposal.code}
        )
    values = {
        "{compromiso}": f"N.° {commitment.number}, «{commitment.title}»" if commitment else "",
        "{codigo}": proposal.code,
        "{eje}": proposal.axis.name if proposal.axis_id and proposal.axis else "",
    }
    for placeholder, value in values.items():
        template = template.replace(placeholder, value)
    return template


def proposals_answer(
    *, proposals: Sequence[Proposal], disposition: str, response: str, actor: Any
) -> None:
    """The disposition and reasoned response of each proposal (private until published);
    one text for many proposals, filled per proposal."""
    require(actor, SYSTEMATIZE)
    consultation = _one_consultation(proposals)
    if disposition not in Disposition.values:
        raise ValidationError(_("Choose a disposition."))
    response = clean_text(response, 5000)
    if not response:
        raise ValidationError(_("Every disposition needs a reasoned response."))
    rows = list(
        Proposal.objects.filter(pk__in=_ids(proposals)).select_related("assigned_commitment",
                                                                         "axis")
    )  # fmt: skip
    if any(row.state == Proposal.State.HIDDEN for row in rows):
        raise ValidationError(_("Hidden proposals are not answered."))
    for row in rows:
        row.disposition, row.response = disposition, response_fill(response, row)
    with transaction.atomic():
        Proposal.objects.bulk_update(rows, ["disposition", "response"], batch_size=500)
        _audit("answer", actor, consultation, disposition=disposition, proposals=_ids(rows))
    by_pk = {row.pk: row for row in rows}
    for proposal in proposals:
        proposal.disposition, proposal.response = (
            by_pk[proposal.pk].disposition,
            by_pk[proposal.pk].response,
        )


from consultation.suggestions import Suggestion, suggestions_for  # noqa: E402  (re-exported)

__all__ = [
    "Suggestion", "cluster_split", "proposals_answer", "proposals_assign", "proposals_merge",
    "response_fill", "suggestions_for",
]  # fmt: skip
