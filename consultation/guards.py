"""Abuse guards of the public form: size, encoding (before Django parses the body)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _


class Rejected(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def body_check(request: HttpRequest, *, allow_json: bool = False) -> None:
    """413 for an oversized body, 400 for one that is not valid UTF-8 form data (or, for
    the API, ``allow_json``: a valid UTF-8 JSON object).

    Django would silently replace broken bytes with U+FFFD and store mojibake; a NUL byte
    would fail in PostgreSQL. Refuse both before the form sees them.
    """
    limit = settings.CONSULTATION_MAX_BODY
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Rejected(400, _("The request is malformed.")) from None
    too_big = _("The submission is too large (at most %(kb)d KB).") % {"kb": limit // 1024}
    if length > limit:
        raise Rejected(413, too_big)
    if request.content_type == "multipart/form-data":
        _multipart_check(request)
        return
    is_json = allow_json and request.content_type == "application/json"
    if request.content_type != "application/x-www-form-urlencoded" and not is_json:
        raise Rejected(400, _("Send the form from the consultation page."))
    try:
        body = request.body
    except RequestDataTooBig:
        raise Rejected(413, too_big) from None
    except RawPostDataException:
        raise Rejected(400, _("The request is malformed.")) from None
    if len(body) > limit:
        raise Rejected(413, too_big)
    if is_json:
        _json_check(body)
        return
    try:
        pairs = parse_qsl(body.decode("ascii"), encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, _("The text has an invalid character encoding.")) from None
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        raise Rejected(400, _("The text has an invalid character encoding."))


def _json_check(body: bytes) -> None:
    try:
        data = json.loads(body.decode("utf-8", errors="strict"))
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, _("The text has an invalid character encoding.")) from None
    if not isinstance(data, dict):
        raise Rejected(400, _("The request is malformed."))
    if any("\x00" in str(key) or "\x00" in str(value) for key, value in data.items()):
        raise Rejected(400, _("The text has an invalid character encoding."))


def _multipart_check(request: HttpRequest) -> None:
    """Django's multipart parser already replaced broken bytes: refuse what it replaced."""
    if request.FILES:
        raise Rejected(400, _("Send the form from the consultation page."))
    for key, values in request.POST.lists():
        if any("\ufffd" in value or "\x00" in value for value in (key, *values)):
            raise Rejected(400, _("The text has an invalid character encoding."))
