"""Task views of PlanFlow, activities a–g: each validates a form, calls one service,
records the outcome on the process, and completes the task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.context import acting_as
from audit.services import audit_record
from correspondence.forms import OficioForm
from correspondence.task_views import TaskFormView
from directory.models import CommissionSeat, Entity
from workflow import services
from workflow.forms import LinesField
from workflow.models import ActionPlan, Workshop, WorkshopAttendance
from workflow.steps import plan_of

DATE = forms.DateInput(attrs={"type": "date"})


def member(activation: Any) -> Any:
    """The member the task is for, or their delegate while they are absent."""
    from workflow.delegation import delegate_of

    user = get_user_model().objects.get(pk=activation.task.data["member"])
    acting = delegate_of(user)
    if acting.pk != user.pk:
        activation.task.data = {**activation.task.data, "on_behalf_of": user.pk}
    return acting


class PlanTaskView(TaskFormView):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # A delegate acts on behalf of the absent user: the audit entries name both.
        on_behalf_of = self.activation.task.data.get("on_behalf_of")
        if not on_behalf_of:
            return super().post(request, *args, **kwargs)
        delegator = get_user_model().objects.get(pk=on_behalf_of)
        with acting_as(delegator=delegator):
            return super().post(request, *args, **kwargs)

    @property
    def plan(self) -> ActionPlan:
        return plan_of(self.activation)

    def remember(self, key: str, value: Any) -> None:
        """Keep an outcome on the process (saved with the task, in its transaction)."""
        data = self.activation.process.data
        if isinstance(data.get(key), dict) and isinstance(value, dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
        self.activation.process.save(update_fields=["data"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        return context


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"))
    end_time = forms.TimeField(label=_("End time"))
    venue = forms.CharField(label=_("Venue"), max_length=255)
    attendees = LinesField(label=_("Attendees"), parts=(_("entity code"), _("name"), _("capacity")))
    agenda = LinesField(label=_("Agenda"))
    proceedings = LinesField(label=_("Proceedings"), parts=(_("topic"), _("summary")))
    agreements = LinesField(label=_("Agreements"), parts=(_("agreement"), _("responsible")))

    def clean_attendees(self) -> list[tuple[Entity, str, str]]:
        rows = self.cleaned_data["attendees"]
        entities = Entity.objects.in_bulk([row[0] for row in rows], field_name="code")
        capacities = {str(label).lower(): value for value, label in CommissionSeat.Capacity.choices}
        capacities.update({value: value for value in CommissionSeat.Capacity.values})
        attendees = []
        for code, name, capacity in rows:
            if code not in entities:
                raise forms.ValidationError(
                    _("Unknown entity code: %(code)s"), params={"code": code}
                )
            if capacity.lower() not in capacities:
                raise forms.ValidationError(
                    _("Unknown capacity: %(capacity)s"), params={"capacity": capacity}
                )
            attendees.append((entities[code], name, capacities[capacity.lower()]))
        return attendees


class SessionView(PlanTaskView):
    """a) The commission session that defines the activities and outline, and its acta."""

    form_class = SessionForm

    def perform(self, form: SessionForm) -> None:
        data = form.cleaned_data
        _session, document = services.session_record(
            plan=self.plan, actor=self.request.user, on=data["date"], venue=data["venue"],
            start_time=data["start_time"], end_time=data["end_time"],
            attendees=data["attendees"], agenda=data["agenda"],
            proceedings=[{"topic": t, "summary": s} for t, s in data["proceedings"]],
            agreements=[{"text": t, "responsible": r} for t, r in data["agreements"]],
        )  # fmt: skip
        self.remember("documents", {"acta_sesion": document.pk})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return with observations"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Observations"), widget=forms.Textarea, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            raise forms.ValidationError(_("Say what must be corrected."))
        return data


class DecisionView(PlanTaskView):
    """An approval (president, publication, legal advisory): approve, or return it."""

    form_class = DecisionForm
    decision = ""

    def perform(self, form: DecisionForm) -> None:
        approve = form.cleaned_data["decision"] == "approve"
        comment = form.cleaned_data["comment"].strip()
        self.remember("approved", {self.decision: approve})
        if comment:
            notes = self.activation.process.data.get("observations", [])
            self.remember("observations", [*notes, {
                "step": self.decision, "by": self.request.user.get_username(), "text": comment,
                "at": timezone.now().isoformat(),
            }])  # fmt: skip
        audit_record(
            action=f"plan.decision.{self.decision}", object_type="actionplan",
            object_id=self.plan.pk, object_repr=str(self.plan), actor=self.request.user,
            process_id=self.activation.process.pk,
            to_state="aprobado" if approve else "observado", payload={"comment": comment},
        )  # fmt: skip


class OficioStepView(PlanTaskView):
    """b, k) The oficio múltiple is drafted here and goes through OficioFlow (vistos
    buenos, signature, dispatch); the plan continues once it is issued."""

    form_class = OficioForm
    step = ""
    subjects = {
        "b": "Inicio del proceso de elaboración del Plan de Acción de Gobierno Abierto",
        "k": "Invitación a la presentación del Plan de Acción de Gobierno Abierto",
    }

    def get_initial(self) -> dict[str, Any]:
        return {
            "kind": "oficio_multiple",
            "subject": f"{self.subjects[self.step]} {self.plan.period}",
        }

    def perform(self, form: OficioForm) -> None:
        from correspondence.flows import oficio_start
        from correspondence.forms import paragraphs
        from correspondence.services import oficio_create

        data = form.cleaned_data
        oficio = oficio_create(
            author=self.request.user, kind=data["kind"], subject=data["subject"],
            body=paragraphs(data["body"]), references=paragraphs(data["references"]),
            recipients=data["entities"], reviewers=list(data["reviewers"]),
            signer=data["signer"], review_mode=data["review_mode"], reply_days=data["reply_days"],
        )  # fmt: skip
        oficio_start(oficio)
        self.remember("oficios", {self.step: oficio.pk})


class PressForm(forms.Form):
    headline = forms.CharField(label=_("Press note headline"), max_length=300)
    lead = forms.CharField(label=_("Lead"), widget=forms.Textarea(attrs={"rows": 2}))
    body = LinesField(label=_("Press note body"))
    key_facts = LinesField(label=_("Key facts"), required=False)
    more_info_url = forms.URLField(
        label=_("More information at"), required=False, assume_scheme="https"
    )
    leaflet_headline = forms.CharField(label=_("Leaflet headline"), max_length=300)
    leaflet_introduction = LinesField(label=_("Leaflet introduction"))
    how_to_participate = LinesField(label=_("How to take part"))


class PressView(PlanTaskView):
    """c) The press note and the information leaflet."""

    form_class = PressForm

    def perform(self, form: PressForm) -> None:
        from workflow.publicity import press_prepare

        documents = press_prepare(
            plan=self.plan, actor=self.request.user, data=form.cleaned_data,
            round=self.activation.task.pk, on=timezone.localdate(),
        )  # fmt: skip
        self.remember("documents", documents)


class WorkshopForm(forms.Form):
    venue = forms.CharField(label=_("Venue"), max_length=255)
    facilitators = LinesField(label=_("Facilitators"), parts=(_("name"), _("entity")))
    objective = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 2}))
    methodology = LinesField(label=_("Methodology"))
    attendance = LinesField(
        label=_("Attendance"), parts=(_("name"), _("organisation"), _("sector"))
    )
    proposals = LinesField(
        label=_("Proposals gathered"), parts=(_("working group"), _("axis number"), _("proposal"))
    )
    conclusions = LinesField(label=_("Conclusions"))

    def clean_attendance(self) -> list[dict[str, str]]:
        sectors = {str(label).lower(): value for value, label in WorkshopAttendance.Sector.choices}
        sectors.update({value: value for value in WorkshopAttendance.Sector.values})
        rows = []
        for name, organization, sector in self.cleaned_data["attendance"]:
            if sector.lower() not in sectors:
                raise forms.ValidationError(
                    _("Unknown sector: %(sector)s"), params={"sector": sector}
                )
            rows.append({"name": name, "organization": organization,
                         "sector": sectors[sector.lower()]})  # fmt: skip
        return rows


class WorkshopView(PlanTaskView):
    """d, e) One workshop: attendance, proposals (into the consultation) and its relatoría."""

    form_class = WorkshopForm

    @property
    def workshop(self) -> Workshop:
        return Workshop.objects.get(pk=self.activation.task.data["workshop"], plan=self.plan)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "workshop": self.workshop}

    def perform(self, form: WorkshopForm) -> None:
        data = form.cleaned_data
        axes = {str(a.number): a for a in self.plan.axes.all()}
        proposals = []
        for group, axis, text in data["proposals"]:
            if axis not in axes:
                raise services.PlanError(f"El eje «{axis}» no existe en este plan.")
            proposals.append({"group": group, "axis": axes[axis], "text": text})
        document = services.workshop_record(
            workshop=self.workshop, actor=self.request.user, venue=data["venue"],
            facilitators=[{"name": n, "entity": e} for n, e in data["facilitators"]],
            objective=data["objective"], methodology=data["methodology"],
            conclusions=data["conclusions"], attendance=data["attendance"], proposals=proposals,
        )  # fmt: skip
        self.remember("documents", {f"relatoria_{self.workshop.pk}": document.pk})


class CongressForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"))
    end_time = forms.TimeField(label=_("End time"))
    venue = forms.CharField(label=_("Venue"), max_length=255)
    convened_by = forms.CharField(label=_("Convened by"), max_length=255)
    participants = LinesField(
        label=_("Participants"), parts=(_("name"), _("position"), _("entity"))
    )
    agenda = LinesField(label=_("Topics"))
    discussion = LinesField(label=_("Discussion"), parts=(_("speaker"), _("summary")))
    agreements = LinesField(label=_("Agreements"), parts=(_("agreement"), _("responsible")))


class CongressView(PlanTaskView):
    """f) A meeting with members of Congress on Open Parliament, and its acta."""

    form_class = CongressForm

    def perform(self, form: CongressForm) -> None:
        data = form.cleaned_data
        meeting, document = services.congress_record(
            plan=self.plan, actor=self.request.user, topic=data["topic"], date=data["date"],
            start_time=data["start_time"], end_time=data["end_time"], venue=data["venue"],
            convened_by=data["convened_by"],
            participants=[{"name": n, "position": p, "entity": e}
                          for n, p, e in data["participants"]],
            agenda=data["agenda"],
            discussion=[{"speaker": s, "summary": t} for s, t in data["discussion"]],
            agreements=[{"text": t, "responsible": r} for t, r in data["agreements"]],
        )  # fmt: skip
        self.remember("documents", {f"acta_congreso_{meeting.pk}": document.pk})


class DraftForm(forms.Form):
    version = forms.CharField(label=_("Version"), max_length=200)
    introduction = LinesField(label=_("Introduction"))
    opens = forms.DateField(label=_("Consultation opens"), widget=DATE)
    closes = forms.DateField(label=_("Consultation closes"), widget=DATE)


class DraftView(PlanTaskView):
    """g) The first draft, composed from the commitments entered for the plan."""

    form_class = DraftForm

    def get_initial(self) -> dict[str, Any]:
        window = self.plan.schedule.get(activity="h")
        return {"opens": window.planned_start, "closes": window.planned_end,
                "version": _("First draft for comments")}  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        commitments = self.plan.commitments.filter(stage="borrador").select_related("axis")
        return {**super().get_context_data(**kwargs), "commitments": commitments}

    def perform(self, form: DraftForm) -> None:
        data = form.cleaned_data
        rounds = self.activation.process.data.get("draft_rounds", 0) + 1
        document = services.draft_compose(
            plan=self.plan, actor=self.request.user, round=rounds, version=data["version"],
            introduction=data["introduction"], opens=data["opens"], closes=data["closes"],
            on=timezone.localdate(),
        )  # fmt: skip
        self.remember("draft_rounds", rounds)
        self.remember("window", {"opens": data["opens"].isoformat(),
                                 "closes": data["closes"].isoformat()})  # fmt: skip
        self.remember("documents", {"borrador": document.pk})


class ObserveForm(forms.Form):
    comment = forms.CharField(
        label=_("Observations (leave empty if none)"), widget=forms.Textarea, required=False
    )


class ObserveView(PlanTaskView):
    """g) A commission member reads the draft and observes it."""

    form_class = ObserveForm

    def perform(self, form: ObserveForm) -> None:
        comment = form.cleaned_data["comment"].strip()
        if comment:
            notes = self.activation.process.data.get("observations", [])
            self.remember("observations", [*notes, {
                "step": "draft", "by": self.request.user.get_username(), "text": comment,
                "at": timezone.now().isoformat(),
            }])  # fmt: skip
        audit_record(
            action="plan.draft.observe", object_type="actionplan", object_id=self.plan.pk,
            object_repr=str(self.plan), actor=self.request.user,
            process_id=self.activation.process.pk, payload={"comment": comment},
        )  # fmt: skip
