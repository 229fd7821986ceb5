"""The archive's news for the people who answer for it (F2, F4): a steward hears when a
customer in their area changes grade, since A customers get another service (callbacks, scripts)."""

from accounts.models import Staff
from customers.models import Customer, CustomerChange, Premises
from notifications.services import notify, staff_messages


def tell_stewards_of_grade_change(
    sender, *, customer: Customer, changes: list[CustomerChange], actor: Staff, **kwargs
) -> None:
    change = next((c for c in changes if c.field == "grade"), None)
    if change is None:
        return
    places = list(Premises.objects.filter(customer=customer).select_related("community__area__steward"))
    stewards = []
    for p in places:
        steward = p.community.area.steward if p.community.area_id else None
        if steward and steward.is_active and steward != actor and steward not in stewards:
            stewards.append(steward)
    params = {
        "customer_name": customer.name,
        "gender": customer.gender,
        "customer_id": customer.pk,
        "address": places[0].address if places else "",
        "old_grade": change.old,
        "new_grade": change.new,
        "actor": actor.display_name,
    }
    notify(staff_messages(stewards, "customer_grade_changed", params, now=change.at))
