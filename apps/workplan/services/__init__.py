"""Writes of the work plan (``plan``: start, revise, approve, ratify; ``items``: a
draft's items and the import) and of Pokja tasks (``task``)."""

from .items import (
    clean_item_values,
    plan_import,
    plan_item_add,
    plan_item_delete,
    plan_item_restore,
    plan_item_update,
)
from .nudge import nudge_send
from .plan import (
    live_items,
    missing_approvals,
    plan_area_approve,
    plan_ratify,
    plan_revise,
    plan_start,
    waiting_text,
)
from .plan_pdf import PLAN_PDF, plan_pdf_make, plan_pdf_rows, plan_pdf_store
from .task import can_work_on, task_attach, task_comment_add, task_create, task_set_status

__all__ = [
    "PLAN_PDF",
    "can_work_on",
    "clean_item_values",
    "live_items",
    "missing_approvals",
    "nudge_send",
    "plan_area_approve",
    "plan_import",
    "plan_item_add",
    "plan_item_delete",
    "plan_item_restore",
    "plan_item_update",
    "plan_pdf_make",
    "plan_pdf_rows",
    "plan_pdf_store",
    "plan_ratify",
    "plan_revise",
    "plan_start",
    "task_attach",
    "task_comment_add",
    "task_create",
    "task_set_status",
    "waiting_text",
]
