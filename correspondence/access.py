"""Who may see and draft oficios: asked by the staff pages and by the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from correspondence.models import Dispatch, Oficio

VIEW_PERMISSION = "correspondence.view_dispatch"
ADD_PERMISSION = "correspondence.add_oficio"


def may_view_correspondence(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(VIEW_PERMISSION))


def may_draft_oficios(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(ADD_PERMISSION))


def check_correspondence(user: Any) -> None:
    if not may_view_correspondence(user):
        raise PermissionDenied


def check_draft_oficios(user: Any) -> None:
    if not may_draft_oficios(user):
        raise PermissionDenied


def oficio_by_id(user: Any, pk: int) -> Oficio:
    check_correspondence(user)
    return get_object_or_404(Oficio.objects.select_related("entity", "office"), pk=pk)


def may_view_dispatch(user: Any, dispatch: Dispatch) -> bool:
    """Staff who follow the correspondence, or the recipient entity's own liaison."""
    if may_view_correspondence(user):
        return True
    from directory.roles import ENTITY_LIAISON

    if not user.is_authenticated:
        return False
    profile = getattr(user, "profile", None)
    if profile is None or profile.entity_id != dispatch.entity_id:
        return False
    return bool(user.groups.filter(name=ENTITY_LIAISON.group_name).exists())


def dispatch_by_id(user: Any, pk: int) -> Dispatch:
    if not user.is_authenticated:
        raise PermissionDenied
    dispatch = get_object_or_404(Dispatch.objects.select_related("oficio", "entity"), pk=pk)
    if not may_view_dispatch(user, dispatch):
        raise PermissionDenied
    return dispatch
