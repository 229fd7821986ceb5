"""Passes the background worker runs besides the deadline pass. An app above registers its own
in AppConfig.ready(); the worker (deadlines/management/commands/run_worker.py) calls each in
turn, every pass, and a failing one is logged without stopping the others."""

from collections.abc import Callable

PASSES: dict[str, Callable[[], object]] = {}


def register_pass(name: str, run: Callable[[], object]) -> None:
    PASSES[name] = run
