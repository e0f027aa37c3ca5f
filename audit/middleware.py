from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from audit.context import acting_as

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def normalized_ip(raw: str | None) -> str | None:
    """One text per address: IPv4-mapped IPv6 as IPv4, no zone, or None."""
    try:
        address = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if address.scope_id:
            return None
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as audit entries record it."""
    raw = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.AUDIT_TRUST_X_FORWARDED_FOR and forwarded:
        # The rightmost hop is the one our proxy appended; the others are the client's word.
        raw = forwarded.split(",")[-1].strip()
    return normalized_ip(raw)


class AuditContextMiddleware:
    """Gives every audit entry of a request its user, request id and client IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        # request.user is lazy: resolved only if something is recorded.
        with acting_as(
            user=_LazyUser(request), request_id=request_id, client_ip=client_ip(request)
        ):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class _LazyUser:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def resolve(self) -> object:
        return getattr(self.request, "user", None)
