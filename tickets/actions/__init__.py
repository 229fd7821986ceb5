from tickets.actions.answer import answer_ticket
from tickets.actions.appointments import reschedule_appointment
from tickets.actions.assign import assign_ticket
from tickets.actions.closing import close_ticket, reopen_ticket
from tickets.actions.dispatch import dispatch_ticket
from tickets.actions.hold import hold_ticket, resume_ticket
from tickets.actions.intake import Contact, create_ticket, next_number
from tickets.actions.late import report_late
from tickets.actions.notes import add_note, reveal_ticket_phone
from tickets.actions.ownership import transfer_ticket
from tickets.actions.subtypes import add_subtype, move_subtype, rename_subtype, set_subtype_active
from tickets.actions.work import accept_ticket, resolve_ticket, start_ticket

__all__ = [
    "Contact",
    "accept_ticket",
    "add_note",
    "add_subtype",
    "answer_ticket",
    "assign_ticket",
    "close_ticket",
    "create_ticket",
    "dispatch_ticket",
    "hold_ticket",
    "move_subtype",
    "next_number",
    "rename_subtype",
    "reopen_ticket",
    "resolve_ticket",
    "report_late",
    "resume_ticket",
    "reveal_ticket_phone",
    "set_subtype_active",
    "start_ticket",
    "transfer_ticket",
    "reschedule_appointment",
]
