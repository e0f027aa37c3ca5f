"""Task views of PlanFlow, activities h–l, publication and escalation."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from documents.models import GeneratedDocument
from documents.signatures import signer_load
from workflow import approval, services
from workflow.forms import LinesField
from workflow.models import Commitment, Publication
from workflow.task_views import PlanTaskView


def _social(rows: list[list[str]]) -> list[dict[str, str]]:
    return [{"network": network, "text": text} for network, text in rows]


class OpenConsultationForm(forms.Form):
    urls = LinesField(label=_("Where the draft is published (addresses)"))
    social_posts = LinesField(
        label=_("Texts for social media"), parts=(_("network"), _("text")), required=False
    )


class OpenConsultationView(PlanTaskView):
    """h) The draft is published and the consultation opens on the dates of the draft."""

    form_class = OpenConsultationForm

    def perform(self, form: OpenConsultationForm) -> None:
        data = self.activation.process.data
        window = data["window"]
        opens = datetime.combine(datetime.fromisoformat(window["opens"]).date(), time.min)
        closes = datetime.combine(datetime.fromisoformat(window["closes"]).date(), time.max)
        approval.consultation_start(
            plan=self.plan, actor=self.request.user,
            opens_at=max(timezone.make_aware(opens), timezone.now()),
            closes_at=timezone.make_aware(closes),
            draft=GeneratedDocument.objects.get(pk=data["documents"]["borrador"]),
            urls=form.cleaned_data["urls"], social_posts=_social(form.cleaned_data["social_posts"]),
        )  # fmt: skip


class ScoreView(PlanTaskView):
    """j) A commission member scores each draft commitment from 1 (low) to 5 (high)."""

    def drafts(self) -> list[Commitment]:
        return list(self.plan.commitments.filter(stage=Commitment.Stage.DRAFT).order_by("number"))

    def get_form_class(self) -> type[forms.Form]:
        fields = {
            f"c{c.pk}": forms.TypedChoiceField(
                label=str(c),
                coerce=int,
                choices=[(n, str(n)) for n in range(1, 6)],
                widget=forms.RadioSelect,
            )
            for c in self.drafts()
        }
        return type("ScoreForm", (forms.Form,), fields)

    def perform(self, form: forms.Form) -> None:
        scores = {int(name[1:]): value for name, value in form.cleaned_data.items()}
        services.score_submit(plan=self.plan, member=self.request.user, scores=scores)


class FinalVersionForm(forms.Form):
    introduction = LinesField(label=_("Introduction"))
    monitoring = LinesField(label=_("Monitoring and evaluation"))


class FinalVersionView(PlanTaskView):
    """j) The final plan, with the commitments in their order of priority."""

    form_class = FinalVersionForm

    def perform(self, form: FinalVersionForm) -> None:
        document = services.final_compose(
            plan=self.plan, actor=self.request.user, on=timezone.localdate(),
            introduction=form.cleaned_data["introduction"],
            monitoring=form.cleaned_data["monitoring"],
        )  # fmt: skip
        self.remember("documents", {"plan_final": document.pk})


class PresentationForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"))
    end_time = forms.TimeField(label=_("End time"))
    venue = forms.CharField(label=_("Venue"), max_length=255)
    convened_by = forms.CharField(label=_("Convened by"), max_length=255)
    attendees = LinesField(label=_("Attendees"), parts=(_("name"), _("entity"), _("sector")))
    summary = LinesField(label=_("Summary"))
    interventions = LinesField(
        label=_("Interventions"), parts=(_("participant"), _("question"), _("answer")),
        required=False,
    )  # fmt: skip
    agreements = LinesField(label=_("Agreements"))


class PresentationView(PlanTaskView):
    """k) The presentation of the final plan to the participants, and its acta."""

    form_class = PresentationForm

    def perform(self, form: PresentationForm) -> None:
        data = form.cleaned_data
        document = approval.presentation_record(
            plan=self.plan, actor=self.request.user, on=data["date"],
            meeting={"start_time": data["start_time"].strftime("%H:%M"),
                     "end_time": data["end_time"].strftime("%H:%M"), "venue": data["venue"],
                     "convened_by": data["convened_by"]},
            attendees=[{"name": n, "entity": e, "sector": s} for n, e, s in data["attendees"]],
            summary=data["summary"],
            interventions=[{"participant": p, "question": q, "answer": a}
                           for p, q, a in data["interventions"]],
            agreements=data["agreements"],
        )  # fmt: skip
        self.remember("documents", {"acta_presentacion": document.pk})


class ReportForm(forms.Form):
    to_name = forms.CharField(label=_("Addressed to (name)"), max_length=200)
    to_position = forms.CharField(label=_("Addressed to (position)"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    background = LinesField(label=_("Background"))
    analysis = LinesField(label=_("Analysis"))
    conclusions = LinesField(label=_("Conclusions"))
    recommendations = LinesField(label=_("Recommendations"))
    vistos = forms.CharField(
        label=_("Resolution: VISTOS"), widget=forms.Textarea(attrs={"rows": 3})
    )
    considerandos = LinesField(label=_("Resolution: CONSIDERANDO"))
    legal_basis = forms.CharField(
        label=_("Resolution: legal basis"), widget=forms.Textarea(attrs={"rows": 2})
    )
    articles = LinesField(label=_("Resolution: articles"), parts=(_("label"), _("text")))


class ReportView(PlanTaskView):
    """l) The informe técnico sustentatorio (generated now) and the resolution's text."""

    form_class = ReportForm

    def perform(self, form: ReportForm) -> None:
        data, user = form.cleaned_data, self.request.user
        assert user.is_authenticated
        profile = getattr(user, "profile", None)
        report = {
            "to": {"name": data["to_name"], "position": data["to_position"]},
            "sender": {"name": user.get_full_name(), "position": getattr(profile, "position", "")},
            "subject": data["subject"], "references": [], "background": data["background"],
            "analysis": data["analysis"], "conclusions": data["conclusions"],
            "recommendations": data["recommendations"], "annexes": [],
        }  # fmt: skip
        rounds = self.activation.process.data.get("report_rounds", 0) + 1
        document = approval.report_compose(plan=self.plan, actor=user, on=timezone.localdate(),
                                           report=report, round=rounds)  # fmt: skip
        self.remember("report_rounds", rounds)
        self.remember("documents", {"informe_tecnico": document.pk})
        self.remember("resolution", {
            "vistos": data["vistos"], "considerandos": data["considerandos"],
            "legal_basis": data["legal_basis"],
            "articles": [{"label": label, "text": text} for label, text in data["articles"]],
            "closing_formula": "Regístrese, comuníquese y publíquese.",
        })  # fmt: skip


class SignResolutionForm(forms.Form):
    position = forms.CharField(label=_("Position printed in the stamp"), max_length=120)
    password = forms.CharField(label=_("Certificate password"), widget=forms.PasswordInput)


class SignResolutionView(PlanTaskView):
    """l) Senior management signs the resolution: number, PDF, PAdES signature."""

    form_class = SignResolutionForm

    def get_initial(self) -> dict[str, Any]:
        return {"position": getattr(getattr(self.request.user, "profile", None), "position", "")}

    def perform(self, form: SignResolutionForm) -> None:
        signer = signer_load(user=self.request.user, password=form.cleaned_data["password"])
        document = approval.resolution_issue(
            plan=self.plan, actor=self.request.user, signer=signer,
            position=form.cleaned_data["position"], on=timezone.localdate(),
            resolution=self.activation.process.data["resolution"],
        )  # fmt: skip
        self.remember("documents", {"resolucion": document.pk})


class PublishForm(forms.Form):
    urls = LinesField(label=_("Where it was published (addresses)"))
    social_posts = LinesField(
        label=_("Texts for social media"), parts=(_("network"), _("text")), required=False
    )


class PublishView(PlanTaskView):
    """c, l) Record where the approved documents were published."""

    form_class = PublishForm
    kinds = {
        "publish_press": ("nota_prensa", "cartilla"),
        "publish_resolution": ("resolucion", "plan_final"),
    }

    def perform(self, form: PublishForm) -> None:
        documents = self.activation.process.data.get("documents", {})
        labels = dict(Publication.Kind.choices)
        for kind in self.kinds[self.activation.flow_task.name]:
            publication_kind = Publication.Kind.RESOLUTION if kind == "resolucion" else kind
            document = GeneratedDocument.objects.get(pk=documents[kind])
            services.publication_record(
                plan=self.plan, actor=self.request.user, kind=publication_kind,
                title=f"{labels[publication_kind]}: {document.title}", document=document,
                urls=form.cleaned_data["urls"],
                social_posts=_social(form.cleaned_data["social_posts"]),
            )  # fmt: skip


class EscalationForm(forms.Form):
    action = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalationView(PlanTaskView):
    """A step passed its deadline: the secretariat follows up (and may reassign it)."""

    form_class = EscalationForm

    def perform(self, form: EscalationForm) -> None:
        audit_record(
            action="plan.escalation.follow_up", object_type="actionplan", object_id=self.plan.pk,
            object_repr=str(self.plan), actor=self.request.user,
            process_id=self.activation.process.pk, payload={"action": form.cleaned_data["action"]},
        )  # fmt: skip
