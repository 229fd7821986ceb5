from shifts.actions.handover import acknowledge_handover, mark_item_done, open_handover, open_work
from shifts.actions.patrols import hazard_to_ticket, record_patrol, save_work_log
from shifts.actions.roster import (
    apply_rotation,
    approve_swap,
    ask_swap,
    reject_swap,
    save_template,
    set_roster_day,
)

__all__ = [
    "acknowledge_handover",
    "apply_rotation",
    "approve_swap",
    "ask_swap",
    "hazard_to_ticket",
    "mark_item_done",
    "open_handover",
    "open_work",
    "record_patrol",
    "reject_swap",
    "save_template",
    "save_work_log",
    "set_roster_day",
]
