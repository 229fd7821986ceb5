"""Queries compiled once (core.db.compiled): the same SQL and rows as the ORM's, new values each run."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.db.transaction import TransactionManagementError
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ApiToken, Department, Staff
from core.db.compiled import Compiled, Insert, New, Param, execute, prepared

pytestmark = pytest.mark.django_db

BY_CODE = Compiled(
    lambda: Department.objects.filter(code=Param("code", Department._meta.get_field("code"))).order_by("id")
)
ACTIVE_STAFF_SINCE = Compiled(
    lambda: (
        Staff.objects.select_related("department")
        .filter(is_active=True, date_joined__gte=Param("since", Staff._meta.get_field("date_joined")))
        .order_by("username")
    )
)
BY_ID = Compiled(lambda: Department.objects.filter(pk=Param("id", Department._meta.pk)))


def _staff(username, department, **fields):
    return Staff.objects.create(
        username=username, name=username, work_number=f"W-{username}", department=department, **fields
    )


@pytest.fixture
def departments():
    return [Department.objects.create(code=code, name=f"部门{code}") for code in ("D1", "D2", "D3")]


def test_each_run_binds_its_own_values(departments):
    assert [d.code for d in BY_CODE.all(code="D2")] == ["D2"]
    assert [d.code for d in BY_CODE.all(code="D3")] == ["D3"]
    assert BY_CODE.first(code="nothing") is None


def test_the_sql_and_parameters_are_the_orms_own(departments):
    since = timezone.now() - timedelta(days=1)
    expected = (
        Staff.objects.select_related("department")
        .filter(is_active=True, date_joined__gte=since)
        .order_by("username")
        .query.sql_with_params()
    )
    sql, params = ACTIVE_STAFF_SINCE.sql(since=since)
    # A lookup puts an expression's SQL in parentheses: "date_joined" >= (%s).
    assert (sql.replace("(%s)", "%s"), tuple(params)) == (expected[0], tuple(expected[1]))


def test_rows_come_with_their_select_related_objects(departments, django_assert_num_queries):
    since = timezone.now() - timedelta(days=1)
    _staff("li", departments[0])
    _staff("old", departments[1], date_joined=since - timedelta(days=30))
    _staff("gone", departments[1], is_active=False)
    with django_assert_num_queries(1):
        rows = ACTIVE_STAFF_SINCE.all(since=since)
        assert [(s.username, s.department.code) for s in rows] == [("li", "D1")]
    orm = Staff.objects.filter(Q(is_active=True) & Q(date_joined__gte=since)).order_by("username")
    assert [s.pk for s in rows] == [s.pk for s in orm]


TOKENS_OF = Compiled(
    lambda: (
        ApiToken.objects.select_related("user__department")
        .filter(user__username=Param("username", Staff._meta.get_field("username")))
        .order_by("id")
    )
)


def _state(obj, depth=0):
    """An object's column values and, through what select_related filled, its neighbours'."""
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    if depth < 2:
        for name, related in obj._state.fields_cache.items():
            values[name] = None if related is None else _state(related, depth + 1)
    return values


def test_objects_are_the_orms_own_two_levels_deep_and_with_an_empty_relation(departments):
    li = _staff("li", departments[0])
    nobody = _staff("nobody", None)
    tokens = [ApiToken.issue(li), ApiToken.issue(li), ApiToken.issue(nobody)]
    assert len(tokens) == 3
    for username in ("li", "nobody", "li"):  # a second run reuses the first one's layout
        rows = TOKENS_OF.all(username=username)
        orm = list(ApiToken.objects.select_related("user__department").filter(user__username=username).order_by("id"))
        assert [_state(t) for t in rows] == [_state(t) for t in orm] and rows
        assert all(t._state.db == "default" and not t._state.adding for t in rows)
    assert TOKENS_OF.all(username="nobody")[0].user.department is None


def _annotated(qs):
    # A count, a column of another table and a time (converted like any column), beside the joins.
    return (
        qs.select_related("user__department")
        .annotate(tokens=Count("user__api_tokens"), where=F("user__department__name"), joined=F("user__date_joined"))
        .order_by("id")
    )


ANNOTATED_TOKENS = Compiled(
    lambda: _annotated(ApiToken.objects.filter(user__username=Param("username", Staff._meta.get_field("username"))))
)


def test_annotations_are_set_as_the_orm_sets_them(departments):
    li = _staff("li", departments[0])
    nobody = _staff("nobody", None)
    ApiToken.issue(li), ApiToken.issue(li), ApiToken.issue(nobody)
    for username in ("li", "nobody", "li"):
        rows = ANNOTATED_TOKENS.all(username=username)
        orm = list(_annotated(ApiToken.objects.filter(user__username=username)))
        assert rows and [_state(t) for t in rows] == [_state(t) for t in orm]
        assert [(t.tokens, t.where, t.joined) for t in rows] == [(t.tokens, t.where, t.joined) for t in orm]
    assert [(t.tokens, t.where) for t in ANNOTATED_TOKENS.all(username="li")] == [(2, "部门D1"), (2, "部门D1")]
    assert ANNOTATED_TOKENS.all(username="nobody")[0].where is None
    assert ANNOTATED_TOKENS.all(username="li")[0].joined.tzinfo is not None


def test_a_number_the_column_cannot_hold_matches_nothing(departments):
    # The ORM answers such a lookup with no rows; the database would refuse it (a 500 in a view).
    assert BY_ID.all(id=departments[0].pk)[0].code == "D1"
    assert BY_ID.all(id=2**70) == []


def test_a_missing_value_is_refused_not_compared_with_null():
    with pytest.raises(ValueError):
        BY_CODE.all(code=None)


def test_querysets_it_cannot_run_are_refused():
    with pytest.raises(TypeError):
        _ = Compiled(lambda: Department.objects.values("code")).queryset
    with pytest.raises(TypeError):
        _ = Compiled(lambda: Staff.objects.prefetch_related("api_tokens")).queryset
    with pytest.raises(TypeError):
        _ = Compiled(lambda: Department.objects.values_list("code", flat=True)).queryset
    with pytest.raises(TypeError):  # an annotation's column would come after the fields
        _ = Compiled(lambda: Department.objects.annotate(n=Count("staff")).values_list("n", "code")).queryset


ACTIVE_DEPARTMENTS = Compiled(
    lambda: Department.objects.filter(is_active=True).order_by("code").values_list("code", "name")
)


def test_a_values_list_gives_the_orms_tuples_read_anew_on_every_run(departments, django_assert_num_queries):
    assert ACTIVE_DEPARTMENTS.all() == [("D1", "部门D1"), ("D2", "部门D2"), ("D3", "部门D3")]

    Department.objects.filter(code="D1").update(name="客服部")
    Department.objects.filter(code="D2").update(is_active=False)
    with django_assert_num_queries(1):
        rows = ACTIVE_DEPARTMENTS.all()

    assert rows == list(Department.objects.filter(is_active=True).order_by("code").values_list("code", "name"))
    assert rows == [("D1", "客服部"), ("D3", "部门D3")]


def test_a_values_list_columns_come_converted(departments):
    # (SQLite hands times over as text and booleans as integers: the compiler's converters apply)
    _staff("li", departments[0])
    _staff("gone", departments[1], is_active=False)
    people = Compiled(lambda: Staff.objects.order_by("username").values_list("username", "date_joined", "is_active"))

    rows = people.all()

    assert rows == list(Staff.objects.order_by("username").values_list("username", "date_joined", "is_active"))
    assert [type(joined) for _, joined, _ in rows] == [datetime, datetime]
    assert [active for *_, active in rows] == [False, True]


@pytest.mark.django_db(transaction=True)
def test_threads_compiling_at_once_get_the_same_sql():
    # Compiling adds select_related joins to the query compiled: each compile is of a fresh one.
    query = Compiled(
        lambda: ApiToken.objects.select_related("user__department").filter(
            key_hash=Param("key_hash", ApiToken._meta.get_field("key_hash"))
        )
    )
    start = threading.Barrier(4)
    results = []

    def run():
        start.wait()
        try:
            results.append(query.all(key_hash="x"))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [[], [], [], []]
    assert query.sql(key_hash="x")[0].count("JOIN") == 2


def _prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_only_what_runs_inside_prepared_is_prepared(departments):
    # A prepared statement's generic plan cannot use a partial index (the planner must see the
    # values to prove its condition): at a million tickets the board's count scanned the table.
    connection.ensure_connection()
    assert connection.connection.prepare_threshold is None
    before = _prepared_statements()
    for _ in range(8):
        list(Department.objects.filter(code="D1"))
    assert _prepared_statements() == before
    # Statements of their own: none has run on this connection before.
    Compiled(lambda: Department.objects.filter(name=Param("name", Department._meta.get_field("name")))).all(name="x")
    with prepared():
        assert connection.connection.prepare_threshold == 0
        list(Department.objects.filter(code="D2").order_by("-name"))
    assert connection.connection.prepare_threshold is None
    assert _prepared_statements() == before + 2


@override_settings(KEFU_DB_PREPARE=False)
def test_prepared_can_be_turned_off(departments):
    connection.ensure_connection()
    with prepared():
        BY_CODE.all(code="D1")
        if connection.vendor == "postgresql":
            assert connection.connection.prepare_threshold is None


@pytest.mark.django_db(transaction=True)
def test_statements_share_one_driver_cursor_per_connection_and_a_new_connection_gets_its_own(departments):
    assert [d.code for d in BY_CODE.all(code="D1")] == ["D1"]
    raw, cursor = connection._kefu_cursor
    assert raw is connection.connection
    assert [d.code for d in BY_ID.all(id=departments[1].pk)] == ["D2"]
    assert connection._kefu_cursor[1] is cursor
    assert execute(connection, "SELECT %s", [7]) == [(7,)]
    assert connection._kefu_cursor[1] is cursor
    connection.close()  # as at the end of a request past CONN_MAX_AGE
    assert [d.code for d in BY_CODE.all(code="D3")] == ["D3"]
    assert connection._kefu_cursor[0] is connection.connection is not raw
    assert connection._kefu_cursor[1] is not cursor


def test_recorded_and_wrapped_statements_go_through_djangos_cursor(departments):
    with CaptureQueriesContext(connection) as captured:
        BY_CODE.all(code="D2")
        INSERT_DEPARTMENTS([Department(code="D9", name="部门9")])
    assert len(captured) == 2
    assert "SELECT" in captured[0]["sql"] and "INSERT" in captured[1]["sql"]
    seen = []

    def wrapper(run, sql, params, many, context):
        seen.append(sql)
        return run(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        assert [d.code for d in BY_CODE.all(code="D9")] == ["D9"]
    assert len(seen) == 1


def test_errors_are_djangos_and_a_broken_transaction_takes_no_statement(departments):
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):  # django.db's, as the ORM's
            INSERT_DEPARTMENTS([Department(code="D1", name="又一个")])
        with pytest.raises(TransactionManagementError):  # as the ORM refuses one
            BY_CODE.all(code="D2")
        transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        assert connection.connection.prepare_threshold is None
    assert [d.code for d in BY_CODE.all(code="D2")] == ["D2"]


INSERT_DEPARTMENTS = Insert(Department)


def _rows(model):
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[1]: row[2:] for row in model.objects.order_by("pk").values_list(*fields)}


@pytest.mark.parametrize("count", [1, 3])
def test_insert_writes_bulk_creates_statement_and_rows(count):
    head = _staff("head", None)
    made = lambda prefix: [  # noqa: E731
        Department(code=f"{prefix}{i}", name=f"部门{i}", head=head if i % 2 else None, is_active=bool(i % 2))
        for i in range(count)
    ]
    with CaptureQueriesContext(connection) as orm:
        by_orm = Department.objects.bulk_create(made("O"))
    with CaptureQueriesContext(connection) as ours:
        by_insert = INSERT_DEPARTMENTS(made("I"))
    # The statements as run, values in (the codes differ only in their prefix).
    ours = [re.sub(r"\bI(\d)", r"O\1", q["sql"]) for q in ours.captured_queries]
    theirs = [q["sql"] for q in orm.captured_queries]
    if connection.vendor == "postgresql" and count > 1:
        # Several rows go as VALUES rows, where bulk_create sends one UNNEST array a column;
        # the same columns in the same order, and the same RETURNING.
        [(head_ours, rows_ours)] = [q.split(" VALUES ", 1) for q in ours]
        [(head_theirs, rest_theirs)] = [q.split(" SELECT * FROM UNNEST(", 1) for q in theirs]
        assert head_ours == head_theirs
        assert rows_ours.count("), (") == count - 1
        assert rows_ours.rsplit(" RETURNING ", 1)[1] == rest_theirs.rsplit(" RETURNING ", 1)[1]
    else:
        assert ours == theirs
    # The keys the database gave, in order, and the objects marked as saved, as bulk_create does.
    assert [d.pk for d in by_insert] == list(
        Department.objects.filter(code__startswith="I").values_list("pk", flat=True)
    )
    assert all(not d._state.adding and d._state.db == "default" for d in by_insert)
    assert all(d.pk for d in by_orm)
    rows = _rows(Department)
    assert [rows[f"I{i}"] for i in range(count)] == [rows[f"O{i}"] for i in range(count)]


def test_each_insert_writes_its_own_values():
    # The statement is kept; the values are new at every run.
    first = INSERT_DEPARTMENTS([Department(code="A", name="甲")])[0]
    second = INSERT_DEPARTMENTS([Department(code="B", name="乙")])[0]
    assert first.pk != second.pk
    assert _rows(Department)["B"] == ("乙", None, True)


def test_insert_with_pk_writes_the_key_given_and_refuses_a_row_without():
    insert = Insert(Department, with_pk=True)
    insert([Department(pk=4242, code="K", name="有键")])
    assert Department.objects.get(pk=4242).code == "K"
    with pytest.raises(ValueError):
        insert([Department(code="L", name="无键")])
    assert not Department.objects.filter(code="L").exists()


def test_insert_refuses_expressions():
    with pytest.raises(TypeError):
        INSERT_DEPARTMENTS([Department(code="E", name=F("code"))])
    assert not Department.objects.filter(code="E").exists()


_SAMPLES = (
    None,
    "",
    "水管漏水",
    0,
    7,
    -3,
    2**40,
    True,
    False,
    datetime(2026, 12, 4, 9, 30, 15, 250_000, tzinfo=timezone.get_fixed_timezone(480)),
    datetime(2026, 12, 4, 1, 30, tzinfo=UTC),
    datetime(2026, 12, 4, 9, 30),  # noqa: DTZ001 (naive on purpose: the full path warns)
)


def test_each_shortcut_prepares_a_value_as_the_field_does():
    """Insert's per-type shortcuts (core.db.compiled._shortcuts) against the full preparation,
    on every concrete field of every model and on this database's adapters."""
    import warnings

    from django.apps import apps

    from core.db.compiled import _shortcuts

    compared = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            shortcuts = _shortcuts(field)
            for value in _SAMPLES:
                shortcut = shortcuts.get(type(value))
                if shortcut is None:
                    continue
                with warnings.catch_warnings(record=True) as full_warned:
                    warnings.simplefilter("always")
                    full = field.get_db_prep_save(value, connection=connection)
                with warnings.catch_warnings(record=True) as short_warned:
                    warnings.simplefilter("always")
                    short = shortcut(value, connection)
                label = f"{model.__name__}.{field.name} {value!r}"
                assert (type(short), short) == (type(full), full), label
                assert [str(w.message) for w in short_warned] == [str(w.message) for w in full_warned], label
                compared.add((type(field).__name__, type(value).__name__))
    # every kind of shortcut was met on some field
    assert {
        ("CharField", "str"),
        ("TextField", "NoneType"),
        ("ForeignKey", "int"),
        ("ForeignKey", "NoneType"),
        ("BigAutoField", "int"),
        ("PositiveIntegerField", "int"),
        ("BooleanField", "bool"),
        ("DateTimeField", "datetime"),
        ("DateTimeField", "NoneType"),
    } <= compared


def test_fields_that_do_more_than_keep_a_value_take_the_full_path():
    from django.apps import apps

    from core.db.compiled import _reader, _shortcuts
    from tickets.models import Ticket, TicketEvent

    assert _shortcuts(TicketEvent._meta.get_field("data")) == {}  # JSON: NULL or 'null' is the field's call
    assert _reader(Ticket._meta.get_field("received_at")) is not None
    stamped = [
        f
        for m in apps.get_models()
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    assert stamped and all(_reader(f) is None for f in stamped)


def _as_constructed(obj):
    """An object's fields and cached related objects, as its constructor left them."""
    fields = {k: v for k, v in vars(obj).items() if k != "_state"}
    return fields, dict(obj._state.fields_cache), (obj._state.adding, obj._state.db)


def test_new_makes_the_object_the_keyword_constructor_makes():
    from customers.models import Customer, Premises
    from deadlines.models import CommitmentPolicy, Deadline
    from tickets.models import Ticket, TicketEvent

    department = Department(pk=4, code="D4", name="部门4")
    staff = Staff(pk=7, username="s7", department=department)
    customer = Customer(pk=11, name="张三")
    premises = Premises(pk=12, customer=customer)
    moment = datetime(2026, 12, 5, 1, 2, tzinfo=UTC)
    ticket = Ticket(
        pk=21, category="repair", channel="phone", customer=customer, premises=premises, owner=staff,
        created_by=staff, content="漏水", received_at=moment, created_at=moment, updated_at=moment,
    )  # fmt: skip
    cases = [
        (Ticket, dict(category="repair", channel="phone", customer=customer, premises=premises, subtype=None,
                      owner=staff, created_by=staff, content="漏水", received_at=moment, created_at=moment,
                      updated_at=moment, search_tokens="漏水")),
        (Ticket, dict(category="help", channel="phone", customer=None, owner_id=7, created_by_id=7, content="x",
                      received_at=moment, created_at=moment, updated_at=moment)),  # the rest: defaults
        (Deadline, dict(ticket=ticket, kind="dispatch", round=0, policy=CommitmentPolicy(pk=3), calendar=None,
                        allowed_minutes=30, started_at=moment, due_at=moment, warn_at=moment)),
        (TicketEvent, dict(ticket=ticket, kind="created", actor=staff, at=moment, data={"channel": "phone"})),
        (TicketEvent, dict(ticket=ticket, kind="created", actor=None, at=moment)),
    ]  # fmt: skip
    for model, values in cases:
        made = New(model)(**values)
        assert type(made) is model
        assert _as_constructed(made) == _as_constructed(model(**values)), model.__name__
        # the related objects given are the ones cached, not copies
        for name, value in values.items():
            if value is not None and model._meta.get_field(name).is_relation and not name.endswith("_id"):
                assert getattr(made, name) is value


def test_new_refuses_what_the_constructor_refuses():
    from tickets.models import Ticket, TicketEvent

    with pytest.raises(TypeError, match="unexpected keyword arguments: colour"):
        New(Ticket)(category="repair", colour="red")
    with pytest.raises(ValueError, match="must be a Staff instance"):
        New(TicketEvent)(kind="created", actor=Department(pk=1))
    from complaints.models import Complaint

    with pytest.raises(TypeError, match="one-to-one"):  # its descriptor caches the reverse side too
        New(Complaint)()
