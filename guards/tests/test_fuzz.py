"""The API fuzzed from its own OpenAPI document (issue 11): schemathesis generates valid and
invalid requests for every operation, sent with an agent's and a manager's token; no answer may
be a server error or differ from the documented schema.

`make test` runs a few examples per operation (FUZZ_EXAMPLES, default 5); `make fuzz` many more.
The figures of the long run are in docs/security.md.
"""

import os
import time

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.models import ApiToken
from kefu.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [not_a_server_error, response_schema_conformance]
# Operations that would end the token the run is using.
SKIP = {("DELETE", "/api/v1/auth/token")}


@pytest.fixture
def in_process():
    """Requests go through the real WSGI handler, which closes the database connection after
    each one; the test's transaction lives on that connection (Django's test client does this too)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, make_ticket, in_process):
    make_ticket()
    make_ticket(category="consultation", content="物业费怎么交")
    return {"agent": ApiToken.issue(world.agent), "manager": ApiToken.issue(world.manager)}


def _probe(operation, mode, persona: str, token: str, failures: list, sent: list):
    """A hypothesis test sending EXAMPLES generated requests of one operation as one persona."""
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case):
        response = case.call(headers=headers)
        sent.append(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseException as exc:  # schemathesis raises one group for all failed checks
            failures.append(f"{persona} {case.method} {case.formatted_path}: {str(exc)[:800]}")

    return probe


def test_the_api_answers_every_generated_request_within_its_schema(tokens):
    schema = from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if (op.method.upper(), op.path) not in SKIP]
    failures, sent = [], []
    started = time.monotonic()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for persona, token in tokens.items():
                _probe(operation, mode, persona, token, failures, sent)()
    seconds = time.monotonic() - started
    statuses = ", ".join(f"{code}: {sent.count(code)}" for code in sorted(set(sent)))
    print(
        f"\nfuzz: {len(operations)} operations, {len(sent)} requests in {seconds:.1f} s ({statuses}); "
        f"{len(failures)} failures"
    )
    assert failures == []
