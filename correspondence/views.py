"""The recipient's personal link: acknowledge receipt (cargo) and upload the reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.middleware import client_ip
from correspondence.delivery import (
    MAX_REPLY_BYTES,
    dispatch_acknowledge,
    dispatch_from_token,
    dispatch_reply,
)
from correspondence.services import CorrespondenceError

GONE = ("venció", "ya fue utilizado")


@login_not_required
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    try:
        dispatch = dispatch_from_token(token)
    except CorrespondenceError as exc:
        message = exc.messages[0]
        status = 410 if any(word in message for word in GONE) else 400
        return render(
            request, "correspondence/receipt_error.html", {"message": message}, status=status
        )
    error = ""
    if request.method == "POST":
        try:
            _act(request, dispatch)
        except CorrespondenceError as exc:
            error = exc.messages[0]
        else:
            if request.POST.get("action") == "ack":
                messages.success(request, _("Receipt registered. Thank you."))
                return redirect(request.path)
            return redirect("receipt_done")
    context = {"dispatch": dispatch, "oficio": dispatch.oficio, "error": error,
               "max_mb": MAX_REPLY_BYTES // 2**20}  # fmt: skip
    return render(request, "correspondence/receipt.html", context, status=400 if error else 200)


def _act(request: HttpRequest, dispatch: object) -> None:
    action = request.POST.get("action")
    if action == "ack":
        dispatch_acknowledge(
            dispatch=dispatch,  # type: ignore[arg-type]
            name=request.POST.get("name", ""),
            position=request.POST.get("position", ""),
            ip=client_ip(request),
        )
        return
    if action == "reply":
        upload = request.FILES.get("file")
        if upload is None:
            raise CorrespondenceError("Adjunte el archivo de la respuesta (PDF).")
        if upload.size and upload.size > MAX_REPLY_BYTES:
            raise CorrespondenceError("La respuesta pesa más de 10 MB.")
        dispatch_reply(
            dispatch=dispatch,  # type: ignore[arg-type]
            data=upload.read(),
            their_number=request.POST.get("their_number", ""),
            note=request.POST.get("note", ""),
            sender=request.POST.get("sender", ""),
            ip=client_ip(request),
        )
        return
    raise CorrespondenceError("Acción no válida.")


@login_not_required
def receipt_done(request: HttpRequest) -> HttpResponse:
    return render(request, "correspondence/receipt_done.html")
