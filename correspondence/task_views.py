"""Task views of OficioFlow: each validates a form, calls one service, completes the task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.views import FormLayoutMixin
from viewflow.workflow.flow.views import mixins

from audit.middleware import client_ip
from correspondence.dispatching import oficio_sign
from correspondence.forms import paragraphs
from correspondence.models import Oficio, Review
from correspondence.services import oficio_correct, oficio_route, review_decide
from documents.signatures import signer_load
from documents.signing import SigningError


class TaskFormView(
    FormLayoutMixin,
    mixins.SuccessMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    success_message = _("Task {task} has been completed.")
    template_filename = "task.html"

    @property
    def activation(self) -> Any:
        # viewflow sets request.activation for task views.
        return self.request.activation  # type: ignore[attr-defined]

    @property
    def oficio(self) -> Oficio:
        return Oficio.objects.get(pk=self.activation.process.artifact_object_id)

    def perform(self, form: Any) -> None:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.perform(form)
        except (ValidationError, SigningError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
            return self.form_invalid(form)
        self.activation.execute()
        super().form_valid(form)  # the success message
        return HttpResponseRedirect(self.get_success_url())


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Visto bueno"),
        choices=[
            ("approve", _("I give my visto bueno")),
            ("observe", _("I return it with observations")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Observations"), widget=forms.Textarea, required=False)


class ReviewView(TaskFormView):
    form_class = ReviewForm

    def perform(self, form: ReviewForm) -> None:
        review = Review.objects.get(pk=self.activation.task.data["review"])
        approve = form.cleaned_data["decision"] == "approve"
        review_decide(review=review, actor=self.request.user, approve=approve,
                      comment=form.cleaned_data["comment"])  # fmt: skip
        if not approve:
            # The round is over: the other open vistos buenos of this process lapse.
            from correspondence.flows import cancel_open_reviews

            cancel_open_reviews(self.activation)


class CorrectForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body = forms.CharField(label=_("Body (one paragraph per line)"), widget=forms.Textarea)


class CorrectView(TaskFormView):
    form_class = CorrectForm

    def get_initial(self) -> dict[str, Any]:
        return {"subject": self.oficio.subject, "body": "\n".join(self.oficio.body)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        observed = self.oficio.reviews.filter(state=Review.State.OBSERVED).order_by("-round")
        context["observations"] = list(observed.values_list("comment", flat=True))
        return context

    def perform(self, form: CorrectForm) -> None:
        oficio = self.oficio
        body = paragraphs(form.cleaned_data["body"])
        oficio_correct(oficio=oficio, actor=self.request.user, subject=form.cleaned_data["subject"],
                       body=body, references=oficio.references)  # fmt: skip
        oficio_route(oficio=oficio, actor=self.request.user)


class SignForm(forms.Form):
    position = forms.CharField(label=_("Position printed in the stamp"), max_length=120)
    password = forms.CharField(label=_("Certificate password"), widget=forms.PasswordInput)


class SignView(TaskFormView):
    form_class = SignForm

    def get_initial(self) -> dict[str, Any]:
        profile = getattr(self.request.user, "profile", None)
        return {"position": getattr(profile, "position", "")}

    def perform(self, form: SignForm) -> None:
        oficio, password = self.oficio, form.cleaned_data["password"]
        if oficio.kind == Oficio.Kind.MERGE:
            from correspondence.merge import mail_merge_start

            mail_merge_start(model=oficio, actor=self.request.user, password=password,
                             position=form.cleaned_data["position"])  # fmt: skip
            return
        signer = signer_load(user=self.request.user, password=password)
        oficio_sign(oficio=oficio, actor=self.request.user, signer=signer,
                    position=form.cleaned_data["position"])  # fmt: skip


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), widget=forms.Textarea, required=False)


class CloseView(TaskFormView):
    form_class = CloseForm

    def perform(self, form: CloseForm) -> None:
        """Receipts and replies were followed on the dashboard; the author closes."""


def user(pk: int) -> Any:
    return get_user_model().objects.get(pk=pk)


class AcknowledgeForm(forms.Form):
    position = forms.CharField(label=_("Your position"), max_length=80, required=False)


class AcknowledgeView(TaskFormView):
    """The recipient's liaison, with an account, acknowledges in the inbox (the cargo)."""

    form_class = AcknowledgeForm

    def perform(self, form: AcknowledgeForm) -> None:
        from correspondence.delivery import dispatch_acknowledge

        user = self.request.user
        dispatch_acknowledge(dispatch=self.activation.process.seed, name=user.get_full_name(),  # type: ignore[union-attr]
                             position=form.cleaned_data["position"],
                             ip=client_ip(self.request))  # fmt: skip


class ReplyForm(forms.Form):
    file = forms.FileField(label=_("Reply (PDF)"))
    their_number = forms.CharField(label=_("Your document number"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class ReplyView(TaskFormView):
    form_class = ReplyForm

    def perform(self, form: ReplyForm) -> None:
        from correspondence.delivery import dispatch_reply

        upload = form.cleaned_data["file"]
        user = self.request.user
        sender = user.get_full_name() or user.get_username()  # type: ignore[union-attr]
        dispatch_reply(
            dispatch=self.activation.process.seed,
            data=upload.read(),
            their_number=form.cleaned_data["their_number"],
            note=form.cleaned_data["note"],
            sender=sender,
            ip=client_ip(self.request),
        )
