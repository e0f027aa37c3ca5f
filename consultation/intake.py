"""The citizen's path: one proposal from the public site.

The hot path is one prepared INSERT (core.inserts): limits are counted in the cache (Redis
in production), not in the database, and an anonymous submission leaves no audit entry —
the proposal row is its own record; what staff do with it is audited.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from consultation.choices import REGIONS, SECTORS
from consultation.models import Consultation, Proposal
from consultation.selectors import draft_commitments
from core.inserts import insert_row
from workflow.models import Commitment

TEXT_LIMIT = 5000
FIELD_LIMITS = {"author_name": 150, "organisation": 200, "sector": 40, "region": 60,
                "email": 254, "paragraph": 40}  # fmt: skip
# Sections of a draft commitment a citizen may comment on, by the key the site uses.
PARAGRAPHS = {"problema": "problem", "compromiso": "description", "solucion": "solution"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_SECTORS = frozenset(code for code, _label in SECTORS)
_REGIONS = frozenset(REGIONS)
_PERSONAL = ("author_name", "organisation", "sector", "region", "email")


class RateLimited(ValidationError):
    """Too many submissions from one address or e-mail: the view answers 429."""


def proposal_input(data: Mapping[str, str], *, plan_id: int) -> dict[str, Any]:
    """The public form's fields, as ``proposal_submit`` takes them.

    The checks a ProposalForm makes, without building one: a form deep-copies its eleven
    fields on every request, a fifth of the accepting path's time. The form still draws
    the page and, on an error, its own messages (``forms.form_with_errors``).
    """
    errors: dict[str, list[str]] = {}
    text = data.get("text", "").strip()
    if not text:
        errors["text"] = [_("This field is required.")]
    fields = {name: data.get(name, "").strip() for name in ("paragraph", *_PERSONAL)}
    for name, allowed in (("paragraph", PARAGRAPHS), ("sector", _SECTORS),
                          ("region", _REGIONS)):  # fmt: skip
        if fields[name] and fields[name] not in allowed:
            errors[name] = [_invalid_choice(fields[name])]
    commitment = None
    if chosen := data.get("commitment", "").strip():
        commitment = _draft_commitment(chosen, plan_id)
        if commitment is None:
            errors["commitment"] = [_("Select a valid choice. That choice is not one of the "
                                      "available choices.")]  # fmt: skip
    if errors:
        raise ValidationError(errors)
    return {"text": text, "commitment": commitment, **fields,
            "data_consent": _checked(data.get("data_consent")),
            "publish_consent": _checked(data.get("publish_consent"))}  # fmt: skip


def _invalid_choice(value: str) -> str:
    return _("Select a valid choice. %(value)s is not one of the available choices.") % {
        "value": value
    }


def _checked(value: str | None) -> bool:
    """A checkbox as Django reads it: ticked unless absent, empty or "false"."""
    return value is not None and value.lower() not in ("", "false")


def _draft_commitment(value: str, plan_id: int) -> Commitment | None:
    """The plan's draft commitment whose id is ``value``, if there is one."""
    if not (value.isascii() and value.isdigit() and len(value) < 19):  # a bigint, or no id
        return None
    return draft_commitments(plan_id).filter(pk=int(value)).first()


def clean_text(value: str, limit: int) -> str:
    """Plain text: tags removed (twice, for nested tricks), control characters dropped,
    Unicode normalized; refused, not truncated, when too long."""
    text = unicodedata.normalize("NFC", value)
    text = strip_tags(strip_tags(text)).replace("<", "‹").replace(">", "›")
    text = _CONTROL.sub("", text).strip()
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long (at most %(limit)d characters).") % {"limit": limit}
        )
    return text


def _window_key(bucket: str, key: str, seconds: int) -> str:
    window = int(timezone.now().timestamp()) // seconds
    return f"consulta:rl:{bucket}:{key}:{window}"


def _redis_client(backend: RedisCache) -> Any:
    """One client per cache backend: Django's RedisCache builds a new client object (and its
    table of ~300 response callbacks) on every call, for the same connection pool."""
    holder = backend._cache
    client = getattr(holder, "consultation_client", None)
    if client is None:
        client = holder.get_client(write=True)
        setattr(holder, "consultation_client", client)  # noqa: B010 (not a declared attribute)
    return client


def _under_limits(buckets: list[tuple[str, str, int]], seconds: int) -> list[bool]:
    """Fixed-window counters in the cache; True for each bucket still under its limit.
    On Redis all the buckets cost one round trip (INCR and EXPIRE NX, pipelined)."""
    backend = caches["default"]
    names = [_window_key(bucket, key, seconds) for bucket, key, _allowed in buckets]
    if isinstance(backend, RedisCache):
        pipe = _redis_client(backend).pipeline(transaction=False)
        for name in names:
            full = backend.make_and_validate_key(name)
            pipe.incr(full)
            pipe.expire(full, seconds + 5, nx=True)
        counts = [int(count) for count in pipe.execute()[::2]]
    else:
        counts = [_local_count(name, seconds) for name in names]
    return [count <= allowed for count, (_b, _k, allowed) in zip(counts, buckets, strict=True)]


def _local_count(name: str, seconds: int) -> int:
    """The same counter on a cache without pipelines (the per-process default)."""
    if cache.add(name, 1, timeout=seconds + 5):
        return 1
    try:
        return int(cache.incr(name))
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=seconds + 5)
        return 1


def _check_rates(ip: str, email: str) -> None:
    per_ip, per_email, seconds = settings.CONSULTATION_RATE_LIMITS
    buckets = [("ip", ip, per_ip)]
    if email:
        digest = hashlib.sha256(email.lower().encode()).hexdigest()[:32]
        buckets.append(("email", digest, per_email))
    under = _under_limits(buckets, seconds)
    if not under[0]:
        raise RateLimited(_("Too many proposals from your connection. Please try again later."))
    if email and not under[1]:
        raise RateLimited(_("Too many proposals with this e-mail address. Please try again later."))


def _check_commitment(consultation: Consultation, commitment: Commitment | None,
                      paragraph: str) -> None:  # fmt: skip
    if commitment is not None and (
        commitment.plan_id != consultation.plan_id or commitment.stage != Commitment.Stage.DRAFT
    ):
        raise ValidationError(_("The commitment is not part of the draft under consultation."))
    if paragraph and (commitment is None or paragraph not in PARAGRAPHS):
        raise ValidationError(_("Unknown paragraph of the commitment."))


def proposal_submit(
    *, consultation: Consultation, ip: str, text: str, commitment: Commitment | None = None,
    paragraph: str = "", author_name: str = "", organisation: str = "", sector: str = "",
    region: str = "", email: str = "", data_consent: bool, publish_consent: bool = False,
) -> Proposal:  # fmt: skip
    """Accept a citizen's proposal (pending moderation) and return it with its code."""
    now = timezone.now()
    if consultation.state != Consultation.State.OPEN or not (
        consultation.opens_at <= now < consultation.closes_at
    ):
        raise ValidationError(_("The consultation is not open."))
    text = clean_text(text, TEXT_LIMIT)
    if len(text) < 3:
        raise ValidationError(_("Write your proposal (at least a few words)."))
    fields = {"author_name": author_name, "organisation": organisation, "sector": sector,
              "region": region, "email": email, "paragraph": paragraph}  # fmt: skip
    fields = {key: clean_text(value, FIELD_LIMITS[key]) for key, value in fields.items()}
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None
    personal = any(fields[key] for key in _PERSONAL)
    if personal and not data_consent:
        raise ValidationError(
            _("To send your personal data you must consent to its processing (Ley 29733).")
        )
    if publish_consent and not (data_consent and fields["author_name"]):
        raise ValidationError(_("To publish your name, give it and consent to its processing."))
    _check_commitment(consultation, commitment, fields["paragraph"])
    _check_rates(ip, fields["email"])
    proposal = Proposal(
        consultation=consultation, origin=Proposal.Origin.WEB, text=text, commitment=commitment,
        axis_id=commitment.axis_id if commitment else None, data_consent=data_consent,
        publish_consent=publish_consent, **fields,
    )  # fmt: skip
    insert_row(proposal)
    return proposal
