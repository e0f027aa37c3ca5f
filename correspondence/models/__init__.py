"""Correspondence models: numbering, oficios with their vistos buenos, and dispatches."""

from correspondence.models.counters import (
    DEFAULT_PATTERN,
    DEFAULT_PATTERN_WITHOUT_OFFICE,
    NumberCounter,
    NumberPattern,
)
from correspondence.models.inbound import InboundDocument
from correspondence.models.merge import MailMerge, MailMergeItem
from correspondence.models.oficios import Dispatch, Oficio, Reply, Review

__all__ = (
    "DEFAULT_PATTERN",
    "DEFAULT_PATTERN_WITHOUT_OFFICE",
    "Dispatch",
    "InboundDocument",
    "MailMerge",
    "MailMergeItem",
    "NumberCounter",
    "NumberPattern",
    "Oficio",
    "Reply",
    "Review",
)
