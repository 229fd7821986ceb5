"""Signed links to completion photos for the customer: the portal's progress page is public, so a
photo is reachable only through a link made after the customer proved the number and phone digits."""

from django.core import signing

SALT = "fieldwork.completion-photo"
MAX_AGE = 60 * 60  # an hour: the page is read now, the link is not a permanent address


def photo_token(photo_id: int) -> str:
    return signing.dumps(photo_id, salt=SALT, compress=False)


def photo_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
