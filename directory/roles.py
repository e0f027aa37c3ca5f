"""The roles of the process, as Django groups with permissions.

Each role is a group whose name users read (Spanish, as data) and whose permissions
the views check. Later apps add their permissions here, so that one table says who
may do what.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    code: str
    group_name: str
    permissions: tuple[str, ...]


VIEW_DIRECTORY = ("directory.view_entity", "directory.view_office", "directory.view_commissionseat")
VIEW_PLAN = "planflow.view_actionplan"
DELIBERATE = "planflow.deliberate_actionplan"
MODERATE_PROPOSALS = "consultation.moderate_proposals"

COMMISSION_PRESIDENT = Role(
    "commission_president",
    "Presidencia de la Comisión",
    (*VIEW_DIRECTORY, VIEW_PLAN, DELIBERATE, "planflow.preside_commission"),
)
TECHNICAL_SECRETARIAT = Role(
    "technical_secretariat",
    "Secretaría Técnica",
    (
        *VIEW_DIRECTORY,
        "directory.add_entity",
        "directory.change_entity",
        "directory.add_office",
        "directory.change_office",
        "directory.change_commissionseat",
        "directory.view_profile",
        "correspondence.follow_up_dispatch",
        "correspondence.view_dispatch",
        "correspondence.view_oficio",
        "correspondence.add_oficio",
        "correspondence.add_inbounddocument",
        "correspondence.view_inbounddocument",
        "correspondence.change_inbounddocument",
        VIEW_PLAN,
        "planflow.manage_actionplan",
        MODERATE_PROPOSALS,
        "consultation.systematize_proposals",
        "consultation.import_proposals",
        "consultation.publish_responses",
    ),
)
COMMISSION_MEMBER = Role(
    "commission_member", "Miembro de la Comisión", (*VIEW_DIRECTORY, VIEW_PLAN, DELIBERATE)
)
OBSERVER = Role("observer", "Observador", (*VIEW_DIRECTORY, VIEW_PLAN, "audit.view_auditentry"))
ENTITY_LIAISON = Role("entity_liaison", "Enlace de entidad", VIEW_DIRECTORY)
SIGN = "documents.sign_generateddocument"
SIGNER = Role(
    "signer", "Firmante", (*VIEW_DIRECTORY, SIGN, VIEW_PLAN, "planflow.approve_publication")
)
LEGAL_ADVISORY = Role(
    "legal_advisory", "Asesoría Jurídica", (*VIEW_DIRECTORY, VIEW_PLAN, "planflow.review_legal")
)
MODERATOR = Role("moderator", "Moderación", (*VIEW_DIRECTORY, MODERATE_PROPOSALS))
AUDITOR = Role("auditor", "Auditoría", (*VIEW_DIRECTORY, VIEW_PLAN, "audit.view_auditentry"))
SENIOR_MANAGEMENT = Role(
    "senior_management",
    "Alta Dirección",
    (*VIEW_DIRECTORY, SIGN, VIEW_PLAN, "planflow.approve_actionplan"),
)

ROLES: tuple[Role, ...] = (
    COMMISSION_PRESIDENT,
    TECHNICAL_SECRETARIAT,
    COMMISSION_MEMBER,
    OBSERVER,
    ENTITY_LIAISON,
    SIGNER,
    MODERATOR,
    AUDITOR,
    SENIOR_MANAGEMENT,
    LEGAL_ADVISORY,
)
ROLES_BY_CODE = {role.code: role for role in ROLES}
