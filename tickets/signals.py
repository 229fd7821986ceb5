"""The moments of a ticket's life that the apps above tickets take part in (outages, complaints,
callbacks), so that the ticket actions never import them. Each is sent inside the action's
transaction: a receiver's writes commit or roll back with the action, and a receiver that raises a
DomainError refuses the action. Receivers connect in their app's AppConfig.ready()."""

from django.dispatch import Signal

# A ticket was just recorded (its promises set, before its `created` event): ticket=
ticket_recorded = Signal()
# A ticket is about to be resolved; a receiver may refuse by raising: ticket=
resolving = Signal()
# The work is done and the customer's verdict is due (resolved or answered): ticket=, at=
work_finished = Signal()
