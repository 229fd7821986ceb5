"""Two records of one household made one (F1), and an administrator's undo.

Everything that points at a customer — tickets, callbacks, phones, addresses, messages, whatever
apps above add — moves by following the model's relations, so this layer imports none of them.
The merged record stays (marked `merged_into`), and the merge row lists the ids that moved.
"""

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import LEAD_ROLES, Role, Staff
from core.errors import Conflict, Forbidden, InvalidInput
from customers.models import ChangeKind, Customer, CustomerChange, CustomerMerge, CustomerPhone

MERGE_ROLES = frozenset(LEAD_ROLES | {Role.ADMIN})
# The archive's own bookkeeping stays with the record it describes.
NOT_MOVED = {"customers.customerchange", "customers.customermerge", "customers.phonereveal"}


def can_merge(user: Staff) -> bool:
    return user.is_authenticated and user.is_active and user.role in MERGE_ROLES


def _relations() -> list[tuple[str, str]]:
    """(model label, field name) of every foreign key to Customer that should follow a merge."""
    found = []
    for rel in Customer._meta.related_objects:
        model = rel.related_model
        if model is Customer or model._meta.label_lower in NOT_MOVED or rel.many_to_many:
            continue
        found.append((model._meta.label_lower, rel.field.name))
    return sorted(found)


@transaction.atomic
def merge_customers(survivor: Customer, absorbed: Customer, *, actor: Staff) -> CustomerMerge:
    """`absorbed`'s tickets, phones, addresses … move to `survivor`; `absorbed` is kept, marked."""
    if not can_merge(actor):
        raise Forbidden(_("Only the manager, supervisors and administrators merge customer records."))
    if survivor.pk == absorbed.pk:
        raise InvalidInput(_("A record cannot be merged with itself."), fields={"other": _("Same record.")})
    # Both rows locked in id order: two merges of the same pair cannot deadlock or cross.
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk])}
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise Conflict(_("One of these records was already merged into another."), code="merged")

    moved: dict[str, list[int]] = {}
    for label, field in _relations():
        model = apps.get_model(label)
        rows = model._default_manager.filter(**{field: absorbed})
        if model is CustomerPhone:
            # A number both records have stays with the merged record (one row per number).
            rows = rows.exclude(number__in=survivor.phones.values_list("number", flat=True))
        if isinstance(model._meta.get_field(field), models.OneToOneField):
            if model._default_manager.filter(**{field: survivor}).exists():
                continue  # the survivor's own (e.g. contact preference) wins
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{field: survivor})
            moved[f"{label}.{field}"] = ids

    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into"])
    merge = CustomerMerge.objects.create(survivor=survivor, absorbed=absorbed, moved=moved, actor=actor)
    counts = {key: len(ids) for key, ids in moved.items()}
    now = merge.at
    CustomerChange.objects.bulk_create(
        [
            CustomerChange(
                customer=survivor,
                kind=ChangeKind.MERGED,
                new={"customer": absorbed.pk, "name": absorbed.name, "moved": counts},
                actor=actor,
                at=now,
                merge=merge,
            ),
            CustomerChange(
                customer=absorbed,
                kind=ChangeKind.ABSORBED,
                new={"customer": survivor.pk, "name": survivor.name, "moved": counts},
                actor=actor,
                at=now,
                merge=merge,
            ),
        ]
    )
    return merge


@transaction.atomic
def undo_merge(merge: CustomerMerge, *, actor: Staff) -> CustomerMerge:
    """Move back exactly the rows the merge moved (those still on the survivor)."""
    if not (actor.is_authenticated and actor.is_active and actor.role == Role.ADMIN):
        raise Forbidden(_("Only an administrator may undo a merge."))
    merge = CustomerMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise Conflict(_("This merge was already undone."), code="already_undone")
    list(Customer.objects.select_for_update().filter(pk__in=[merge.survivor_id, merge.absorbed_id]))
    for key, ids in merge.moved.items():
        label, field = key.rsplit(".", 1)
        model = apps.get_model(label)
        model._default_manager.filter(pk__in=ids, **{f"{field}_id": merge.survivor_id}).update(
            **{f"{field}_id": merge.absorbed_id}
        )
    Customer.objects.filter(pk=merge.absorbed_id).update(merged_into=None)
    merge.undone_at, merge.undone_by = timezone.now(), actor
    merge.save(update_fields=["undone_at", "undone_by"])
    CustomerChange.objects.bulk_create(
        CustomerChange(
            customer_id=pk,
            kind=ChangeKind.MERGE_UNDONE,
            new={"survivor": merge.survivor_id, "absorbed": merge.absorbed_id},
            actor=actor,
            at=merge.undone_at,
            merge=merge,
        )
        for pk in (merge.survivor_id, merge.absorbed_id)
    )
    return merge
