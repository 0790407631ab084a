"""Writes of the Tim Kerja, the Agen Perubahan and their Rencana Aksi.

Who decides: members and agents carry roles in the unit, and roles are given by an Admin
Instansi over the unit (``role_assign``); so adding or removing members and agents, and
uploading their decrees, is for an admin over the unit. (The Pimpinan Unit signs the
decree on paper; the admin records it.) A Rencana Aksi row is written by the agent
themself, the unit's Pimpinan Unit or Ketua Tim, or an admin over the unit.
"""

from .agents import (
    ACTION_FIELDS,
    AGENT_FIELDS,
    action_item_add,
    action_item_delete,
    action_item_update,
    agent_add,
    agent_remove,
    can_edit_action_plan,
    edits_every_action_plan,
)
from .common import CLOSED_STAGES, can_manage_team
from .decrees import DECREE_FIELDS, decree_upload
from .members import MEMBER_FIELDS, member_add, member_remove

__all__ = [
    "ACTION_FIELDS",
    "AGENT_FIELDS",
    "CLOSED_STAGES",
    "DECREE_FIELDS",
    "MEMBER_FIELDS",
    "action_item_add",
    "action_item_delete",
    "action_item_update",
    "agent_add",
    "agent_remove",
    "can_edit_action_plan",
    "can_manage_team",
    "decree_upload",
    "edits_every_action_plan",
    "member_add",
    "member_remove",
]
