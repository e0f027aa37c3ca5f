"""Audit entries recorded automatically, so no feature has to remember them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_fsm.signals import post_transition
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from audit.services import actors_changed, audit_record

PROJECT_APPS = {"core", "directory", "planflow", "correspondence", "consultation", "documents"}


# --- viewflow tasks and processes -------------------------------------------------


class _SavedMarker:
    """A no-op on-commit hook: present while the save that registered it still stands."""

    def __call__(self) -> None:
        pass


def _fields(sender: Any) -> tuple[str, ...]:
    return ("status", "owner_id") if sender is Task else ("status",)


@receiver(pre_save, sender=Task)
@receiver(pre_save, sender=Process)
def _remember_stored_state(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:  # a new row: nothing stored yet
        instance._audit_stored = (None, None)
        return
    # Saved already in this transaction: the row is ours (locked by that write until the
    # transaction ends) and holds what we wrote, unless the savepoint of that write was
    # rolled back, which also drops its marker hook.
    known = getattr(instance, "_audit_written", None)
    if known is not None and any(hook[1] is known[1] for hook in connection.run_on_commit):
        instance._audit_stored = known[0]
        return
    # Otherwise read from the database, not from the instance as loaded: another request
    # may have changed the row since (viewflow refreshes tasks under its lock).
    stored = sender._default_manager.filter(pk=instance.pk).values_list(*_fields(sender)).first()
    instance._audit_stored = tuple(stored) if stored else (None, None)


def _remember_written(sender: Any, instance: Any, update_fields: Any) -> None:
    instance._audit_written = None
    fields = _fields(sender)
    partial = update_fields is not None and not set(fields) <= set(update_fields)
    if connection.in_atomic_block and not partial:
        marker = _SavedMarker()
        transaction.on_commit(marker)
        written = tuple(getattr(instance, f) for f in fields)
        instance._audit_written = (written if sender is Task else (*written, None), marker)


def _task_action(old_status: str | None, old_owner: Any, task: Task) -> str | None:
    if old_status is None:
        return "task.create"
    if task.status != old_status:
        if task.status == STATUS.CANCELED:
            return "task.undo" if old_status == STATUS.DONE else "task.cancel"
        return {
            STATUS.DONE: "task.complete",
            STATUS.ERROR: "task.error",
            STATUS.ASSIGNED: "task.assign",
            STATUS.NEW: "task.unassign",
            STATUS.STARTED: "task.start",
            STATUS.REVIVED: "task.revive",
        }.get(task.status, f"task.{str(task.status).lower()}")
    if task.owner_id != old_owner:
        if old_owner is None:
            return "task.assign"
        return "task.unassign" if task.owner_id is None else "task.reassign"
    return None


@receiver(post_save, sender=Task)
def _record_task(sender: Any, instance: Task, created: bool, **kwargs: Any) -> None:
    old_status, old_owner = (None, None) if created else instance._audit_stored
    _remember_written(sender, instance, kwargs.get("update_fields"))
    action = _task_action(old_status, old_owner, instance)
    if action is None:
        return
    payload: dict[str, Any] = {"node": str(instance.flow_task)}
    if instance.owner_id != old_owner:
        payload["owner"] = instance.owner.get_username() if instance.owner else None
    audit_record(
        action=action,
        object_type="task",
        object_id=instance.pk,
        object_repr=str(instance.flow_task)[:255],
        process_id=instance.process_id,
        from_state=old_status or "",
        to_state=instance.status,
        payload=payload,
    )


@receiver(post_save, sender=Process)
def _record_process(sender: Any, instance: Process, created: bool, **kwargs: Any) -> None:
    old_status = None if created else instance._audit_stored[0]
    _remember_written(sender, instance, kwargs.get("update_fields"))
    if not created and old_status == instance.status:
        return
    audit_record(
        action="process.create" if created else f"process.{str(instance.status).lower()}",
        object_type="process",
        object_id=instance.pk,
        object_repr=str(instance.flow_class.process_title if instance.flow_class else "")[:255],
        process_id=instance.pk,
        from_state=old_status or "",
        to_state=instance.status,
        payload={"flow": instance.flow_class.__name__ if instance.flow_class else ""},
    )


# --- django-fsm transitions of the project's models --------------------------------


@receiver(post_transition)
def _record_transition(
    sender: Any, instance: Any, name: str, source: Any, target: Any, **kwargs: Any
) -> None:
    if sender._meta.app_label not in PROJECT_APPS:
        return
    audit_record(
        action=f"{sender._meta.model_name}.{name}",
        object_type=sender._meta.model_name,
        object_id=instance.pk,
        object_repr=str(instance),
        process_id=getattr(instance, "audit_process_id", None),
        from_state=source,
        to_state=target,
        payload=getattr(instance, "audit_payload", lambda: {})(),
    )


# --- authentication and authorization ----------------------------------------------


@receiver(user_logged_in)
def _record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action="auth.login", object_type="user", object_id=user.pk,
                 object_repr=user.get_username(), actor=user, standalone=True)  # fmt: skip


@receiver(user_logged_out)
def _record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="auth.logout", object_type="user", object_id=user.pk,
                     object_repr=user.get_username(), actor=user, standalone=True)  # fmt: skip


@receiver(user_login_failed)
def _record_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The password is never recorded; Django already masks it in ``credentials``.
    username = str(credentials.get("username", ""))[:150]
    audit_record(action="auth.login_failed", object_type="user", object_repr=username,
                 payload={"username": username}, standalone=True)  # fmt: skip


def _record_m2m(action: str, instance: Any, model: Any, pk_set: Any, object_type: str) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    names = sorted(str(obj) for obj in model._default_manager.filter(pk__in=pk_set or []))
    audit_record(
        action=f"{object_type}.{action.removeprefix('post_')}",
        object_type="user" if object_type.startswith("user") else "role",
        object_id=instance.pk,
        object_repr=str(instance),
        payload={"changed": names},
    )


User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through)
def _record_user_roles(sender: Any, instance: Any, action: str, model: Any, pk_set: Any,
                       reverse: bool, **kwargs: Any) -> None:  # fmt: skip
    if reverse:  # group.user_set.add(...): the instance is the group
        _record_m2m(action, instance, model, pk_set, "role.members")
    else:
        _record_m2m(action, instance, model, pk_set, "user.roles")


@receiver(m2m_changed, sender=User.user_permissions.through)
def _record_user_permissions(sender: Any, instance: Any, action: str, model: Any, pk_set: Any,
                             **kwargs: Any) -> None:  # fmt: skip
    _record_m2m(action, instance, model, pk_set, "user.permissions")


@receiver(m2m_changed, sender=Group.permissions.through)
def _record_role_permissions(sender: Any, instance: Any, action: str, model: Any, pk_set: Any,
                             **kwargs: Any) -> None:  # fmt: skip
    _record_m2m(action, instance, model, pk_set, "role.permissions")


FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=get_user_model())
def _remember_user_flags(sender: Any, instance: Any, **kwargs: Any) -> None:
    stored = (
        sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
        if instance.pk
        else None
    )
    instance._audit_flags = stored


@receiver(post_save, sender=get_user_model())
def _record_user_flags(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_flags", None) or {}
    changed = {
        f: getattr(instance, f) for f in FLAGS if before.get(f, False) != getattr(instance, f)
    }
    if created or not changed:
        return
    payload = {"before": {f: before.get(f) for f in changed}, "after": changed}
    audit_record(action="user.flags", object_type="user", object_id=instance.pk,
                 object_repr=instance.get_username(), payload=payload)  # fmt: skip


@receiver(post_delete, sender=Group)
def _record_role_deleted(sender: Any, instance: Group, **kwargs: Any) -> None:
    audit_record(action="role.delete", object_type="role", object_id=instance.pk,
                 object_repr=instance.name)  # fmt: skip


@receiver(post_save, sender=Group)
def _record_role_saved(sender: Any, instance: Group, created: bool, **kwargs: Any) -> None:
    audit_record(action="role.create" if created else "role.change", object_type="role",
                 object_id=instance.pk, object_repr=instance.name)  # fmt: skip


# --- what the actor fields of an entry are read from --------------------------------

ACTOR_SOURCES = {"auth.user", "auth.group", "directory.profile", "directory.entity",
                 "directory.office"}  # fmt: skip


@receiver(post_save)
@receiver(post_delete)
def _actor_source_saved(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label_lower in ACTOR_SOURCES:
        actors_changed()


@receiver(m2m_changed, sender=User.groups.through)
def _actor_roles_changed(sender: Any, **kwargs: Any) -> None:
    actors_changed()
