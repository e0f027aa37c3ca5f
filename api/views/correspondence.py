"""Oficios: create (and route for vistos buenos), V°B°, sign, dispatch status, receipts
and replies. Each action runs the same form and service as the staff site."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import form_errors, invalid
from api.serializers import (
    DispatchSerializer,
    OficioCreateSerializer,
    OficioSerializer,
    ReceiptSerializer,
    ReplyUploadSerializer,
    ReviewDecisionSerializer,
    SignSerializer,
)
from api.task_runner import form_data, open_task, task_complete
from api.views.base import acting, filtered, string_params
from correspondence import access
from correspondence.flows import OficioFlow, ReceiptFlow, oficio_draft
from correspondence.forms import OficioForm
from correspondence.models import Dispatch, Oficio


@extend_schema(tags=["oficios"])
class OficioList(generics.ListCreateAPIView[Oficio]):
    serializer_class = OficioSerializer

    def get_queryset(self) -> Any:
        access.check_correspondence(self.request.user)
        oficios = Oficio.objects.select_related(
            "entity", "office", "author", "signer", "document"
        ).prefetch_related("recipients")
        return filtered(oficios.order_by("-pk"), self.request, {"state": "state", "kind": "kind"})

    @extend_schema(parameters=string_params("state", "kind"))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=OficioCreateSerializer, responses={201: OficioSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Draft an oficio and send it for its vistos buenos (the UI's «Nuevo oficio»)."""
        access.check_draft_oficios(request.user)
        form = OficioForm(form_data(request.data))
        if not form.is_valid():
            raise invalid(form_errors(form))
        data = form.cleaned_data
        try:
            with acting(request), transaction.atomic():
                oficio = oficio_draft(request.user, data)
        except ValidationError as exc:
            raise invalid({"non_field_errors": exc.messages}) from exc
        oficio.refresh_from_db()
        return Response(OficioSerializer(oficio).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["oficios"])
class OficioDetail(generics.RetrieveAPIView[Oficio]):
    serializer_class = OficioSerializer

    def get_object(self) -> Oficio:
        return access.oficio_by_id(self.request.user, self.kwargs["pk"])


@extend_schema(tags=["oficios"], summary="Estado del envío a cada destinatario")
class OficioDispatches(generics.ListAPIView[Dispatch]):
    serializer_class = DispatchSerializer

    def get_queryset(self) -> Any:
        oficio = access.oficio_by_id(self.request.user, self.kwargs["pk"])
        dispatches = oficio.dispatches.select_related("entity", "reply").order_by("entity__name")
        return filtered(dispatches, self.request, {"state": "state"})

    @extend_schema(parameters=string_params("state"))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _oficio_step(request: Request, pk: int, step: Any, data: Any) -> Response:
    """The step's task decides (its reviewer or signer), as the task page in the inbox."""
    if not request.user.is_authenticated:
        raise NotAuthenticated
    oficio = get_object_or_404(Oficio, pk=pk)
    process = OficioFlow.process_class.objects.filter(
        flow_class=OficioFlow, artifact_object_id=oficio.pk
    ).first()
    task = open_task(process_id=process.pk if process else None, step=step, user=request.user)
    with acting(request):
        task_complete(request=request, task=task, data=data)
    oficio.refresh_from_db()
    return Response(OficioSerializer(oficio).data)


@extend_schema(tags=["oficios"], request=ReviewDecisionSerializer, responses=OficioSerializer,
               summary="Visto bueno (o devolución con observaciones)")  # fmt: skip
class OficioReview(APIView):
    def post(self, request: Request, pk: int) -> Response:
        return _oficio_step(request, pk, OficioFlow.review, request.data)


@extend_schema(tags=["oficios"], request=SignSerializer, responses=OficioSerializer,
               summary="Firma del oficio (asigna el número)")  # fmt: skip
class OficioSign(APIView):
    def post(self, request: Request, pk: int) -> Response:
        return _oficio_step(request, pk, OficioFlow.sign, request.data)


@extend_schema(tags=["oficios"])
class DispatchDetail(generics.RetrieveAPIView[Dispatch]):
    serializer_class = DispatchSerializer

    def get_object(self) -> Dispatch:
        return access.dispatch_by_id(self.request.user, self.kwargs["pk"])


def _receipt_step(request: Request, pk: int, step: Any) -> Response:
    dispatch = access.dispatch_by_id(request.user, pk)
    process = ReceiptFlow.process_class.objects.filter(
        flow_class=ReceiptFlow, seed_object_id=dispatch.pk
    ).first()
    task = open_task(process_id=process.pk if process else None, step=step, user=request.user)
    with acting(request):
        task_complete(request=request, task=task, data=request.data)
    dispatch.refresh_from_db()
    return Response(DispatchSerializer(dispatch).data)


@extend_schema(tags=["oficios"], request=ReceiptSerializer, responses=DispatchSerializer,
               summary="Cargo de recepción (enlace de la entidad destinataria)")  # fmt: skip
class DispatchReceipt(APIView):
    def post(self, request: Request, pk: int) -> Response:
        return _receipt_step(request, pk, ReceiptFlow.acknowledge)


@extend_schema(
    tags=["oficios"],
    request={"multipart/form-data": ReplyUploadSerializer},
    responses=DispatchSerializer,
    summary="Respuesta al oficio (PDF)",
)
class DispatchReply(APIView):
    def post(self, request: Request, pk: int) -> Response:
        return _receipt_step(request, pk, ReceiptFlow.reply)
