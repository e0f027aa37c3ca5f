"""Who may act on which step of the plan (granted to roles in directory/roles.py)."""

VIEW = "planflow.view_actionplan"
MANAGE = "planflow.manage_actionplan"
PRESIDE = "planflow.preside_commission"
DELIBERATE = "planflow.deliberate_actionplan"
PUBLISH = "planflow.approve_publication"
REVIEW_LEGAL = "planflow.review_legal"
APPROVE = "planflow.approve_actionplan"
