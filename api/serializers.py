"""What the API shows of each object (read side); writes go through the UI's forms."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from viewflow.workflow.models import Process, Task

from audit.models import AuditEntry
from correspondence.models import Dispatch, Oficio, Reply
from documents.models import GeneratedDocument
from workflow.models import ActionPlan


class PlanSerializer(serializers.ModelSerializer[ActionPlan]):
    entity = serializers.CharField(source="entity.code", read_only=True)
    office = serializers.CharField(source="office.code", read_only=True, allow_null=True)

    class Meta:
        model = ActionPlan
        fields = ("id", "title", "start_year", "end_year", "entity", "office", "state",
                  "instrument", "instrument_number", "approved_at", "created_at")  # fmt: skip


class ProcessSerializer(serializers.ModelSerializer[Process]):
    flow = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()

    class Meta:
        model = Process
        fields = ("id", "flow", "title", "status", "created", "finished", "artifact_object_id")

    def get_flow(self, process: Process) -> str:
        return str(process.flow_class.instance.flow_label)

    def get_title(self, process: Process) -> str:
        return str(process.flow_class.process_title)


class TaskSerializer(serializers.ModelSerializer[Task]):
    step = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    owner = serializers.CharField(source="owner.username", read_only=True, allow_null=True)
    due = serializers.SerializerMethodField()
    process = serializers.IntegerField(source="process_id", read_only=True)

    class Meta:
        model = Task
        fields = ("id", "process", "step", "title", "status", "owner", "owner_permission",
                  "due", "created", "finished")  # fmt: skip

    def get_step(self, task: Task) -> str:
        return str(task.flow_task.name)

    def get_title(self, task: Task) -> str:
        return str(task.flow_task.task_title or task.flow_task.name)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due(self, task: Task) -> Any:
        return (task.data or {}).get("due")


class OficioSerializer(serializers.ModelSerializer[Oficio]):
    entity = serializers.CharField(source="entity.code", read_only=True)
    office = serializers.CharField(source="office.code", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    signer = serializers.CharField(source="signer.username", read_only=True)
    recipients: Any = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    verification_code = serializers.CharField(
        source="document.verification_code", read_only=True, allow_null=True
    )

    class Meta:
        model = Oficio
        fields = ("id", "kind", "state", "number", "subject", "body", "references", "entity",
                  "office", "author", "signer", "recipients", "review_mode", "reply_days",
                  "round", "issued_at", "created_at", "verification_code")  # fmt: skip


class OficioCreateSerializer(serializers.Serializer[Any]):
    """The fields of the UI's form for a new oficio (validated by that form)."""

    kind = serializers.ChoiceField(choices=Oficio.Kind.choices)
    group = serializers.CharField(required=False, allow_blank=True)
    recipients = serializers.ListField(child=serializers.IntegerField(), required=False)
    subject = serializers.CharField()
    body = serializers.CharField(help_text=_("One paragraph per line."))
    references = serializers.CharField(required=False, allow_blank=True)
    reviewers = serializers.ListField(child=serializers.IntegerField(), required=False)
    review_mode = serializers.ChoiceField(choices=Oficio.ReviewMode.choices)
    signer = serializers.IntegerField()
    reply_days = serializers.IntegerField(min_value=1, max_value=60)


class ReviewDecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["approve", "observe"])
    comment = serializers.CharField(required=False, allow_blank=True)


class SignSerializer(serializers.Serializer[Any]):
    position = serializers.CharField(max_length=120)
    password = serializers.CharField(style={"input_type": "password"})


class ReceiptSerializer(serializers.Serializer[Any]):
    position = serializers.CharField(max_length=80, required=False, allow_blank=True)


class ReplyUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    their_number = serializers.CharField(max_length=120, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ReplySerializer(serializers.ModelSerializer[Reply]):
    class Meta:
        model = Reply
        fields = ("their_number", "note", "sha256", "received_at", "sender")


class DispatchSerializer(serializers.ModelSerializer[Dispatch]):
    entity = serializers.CharField(source="entity.code", read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    reply = serializers.SerializerMethodField()

    class Meta:
        model = Dispatch
        fields = ("id", "oficio", "entity", "entity_name", "state", "sent_at", "due_date",
                  "received_at", "received_by", "reminders_sent", "reply")  # fmt: skip

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, dispatch: Dispatch) -> Any:
        reply = getattr(dispatch, "reply", None)
        return ReplySerializer(reply).data if reply is not None else None


class SignatureInfoSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    position = serializers.CharField()
    signed_at = serializers.DateTimeField()


class DocumentSerializer(serializers.ModelSerializer[GeneratedDocument]):
    sha256 = serializers.CharField(source="current_sha256", read_only=True)
    signed = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedDocument
        fields = ("verification_code", "kind", "title", "number", "pdf_state", "sha256",
                  "signed", "signatures", "created_at")  # fmt: skip

    def get_signed(self, document: GeneratedDocument) -> bool:
        return bool(document.signed_pdf)

    @extend_schema_field(SignatureInfoSerializer(many=True))
    def get_signatures(self, document: GeneratedDocument) -> Any:
        rows = document.signatures.order_by("order")
        return [{"name": s.name, "position": s.position, "signed_at": s.signed_at} for s in rows]


class SignatureReportSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    signer = serializers.CharField(source="signer_common_name", allow_null=True)
    issuer = serializers.CharField(source="issuer_common_name", allow_null=True)
    signing_time = serializers.DateTimeField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class VerificationSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    status_label = serializers.CharField()
    sha256 = serializers.CharField()
    document = DocumentSerializer(allow_null=True)
    signatures = SignatureReportSerializer(many=True, source="reports")


class VerifyUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class ProposalSubmitSerializer(serializers.Serializer[Any]):
    """The public form's fields (validated by that form, with its abuse guards)."""

    text = serializers.CharField()
    commitment = serializers.IntegerField(required=False, allow_null=True)
    paragraph = serializers.CharField(required=False, allow_blank=True)
    author_name = serializers.CharField(required=False, allow_blank=True)
    organisation = serializers.CharField(required=False, allow_blank=True)
    sector = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    data_consent = serializers.BooleanField(required=False)
    publish_consent = serializers.BooleanField(required=False)
    website = serializers.CharField(required=False, allow_blank=True)


class ProposalStatusSerializer(serializers.Serializer[Any]):
    """What a citizen sees by tracking code: never the e-mail, the name only with consent."""

    code = serializers.CharField()
    received_at = serializers.DateTimeField(source="created_at")
    status = serializers.CharField()
    status_label = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField()
    hidden_reason = serializers.CharField()
    disposition = serializers.CharField()
    disposition_label = serializers.CharField()
    response = serializers.CharField()
    commitment = serializers.CharField(allow_null=True)


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = ("seq", "created_at", "actor_username", "actor_entity", "actor_office",
                  "actor_role", "delegator_username", "action", "object_type", "object_id",
                  "object_repr", "process_id", "from_state", "to_state", "payload",
                  "request_id", "client_ip", "prev_hash", "hash")  # fmt: skip


class AuditPageSerializer(serializers.Serializer[Any]):
    results = AuditEntrySerializer(many=True)
    next_before = serializers.IntegerField(allow_null=True)


class AuditVerificationSerializer(serializers.Serializer[Any]):
    ok = serializers.BooleanField()
    count = serializers.IntegerField()
    head = serializers.CharField()
    problem = serializers.CharField(allow_null=True)
