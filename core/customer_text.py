"""Text a customer will read (an answer, a result the customer sees, a message or notice) passes
one check before it is saved or sent (J1: the forbidden phrases).

core cannot know the rules: the app that keeps them registers its checker in AppConfig.ready(),
and the actions of the lower layers call check() inside their transaction, so a refusal (a
DomainError) writes nothing and an accepted override is recorded with the write it allowed.
With no checker registered every text passes.
"""

from collections.abc import Callable

_CHECKERS: list[Callable] = []


def register(checker: Callable) -> None:
    """checker(text, *, field, actor, ticket, override_reason) raises a DomainError to refuse."""
    if checker not in _CHECKERS:
        _CHECKERS.append(checker)


def check(text: str, *, field: str, actor, ticket=None, override_reason: str = "") -> None:
    for checker in _CHECKERS:
        checker(text, field=field, actor=actor, ticket=ticket, override_reason=override_reason or "")
