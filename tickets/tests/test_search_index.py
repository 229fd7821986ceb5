"""The search index on SQLite (tickets.search, migration 0015): an FTS5 table of search_tokens,
read by the keyword search and kept in step with every write by triggers."""

import re

import pytest
from django.db import DatabaseError, connection, transaction

from tickets.models import Ticket
from tickets.search import FTS_TABLE, FTS_TRIGGERS, fts_query, repair_fts, tsquery
from tickets.selectors import search_tickets

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's (migration 0015)")


@pytest.mark.parametrize(
    ("query", "fts", "ts"),
    [
        ("漏气", '"漏气"', "('漏气')"),
        ("消防栓被盗", '"消防 防栓 栓被 被盗"', "('消防' <-> '防栓' <-> '栓被' <-> '被盗')"),
        ("漏气严重 漏", '"漏气 气严 严重" AND "漏"*', "('漏气' <-> '气严' <-> '严重') & '漏':*"),
        ("TCL 3号楼", '"tcl" AND "3" AND "号楼"', "('tcl') & ('3') & ('号楼')"),
        ("！？", None, None),
    ],
)
def test_both_databases_search_the_same_phrases(query, fts, ts):
    assert fts_query(query) == fts
    assert tsquery(query) == ts


def plan_of(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def found(user, q) -> list[str]:
    return list(search_tickets(user, q=q).values_list("content", flat=True))


def index_is_consistent() -> bool:
    with connection.cursor() as cursor:
        # rank 1: compare with tickets_ticket.search_tokens too; raises ("malformed") when they differ.
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    return True


@sqlite_only
def test_the_rare_phrase_is_read_from_the_index_not_by_scanning_tickets(world, make_ticket):
    for n in range(5):
        make_ticket(content=f"{n}号楼厨房漏气")
    make_ticket(content="小区东门消防栓被盗")
    qs = search_tickets(world.manager, q="消防栓被盗", status="all")
    page_plan, count_plan = plan_of(qs[:50]), plan_of(qs.order_by().values("pk")[:1001])
    for plan in (page_plan, count_plan):
        assert f"SCAN {FTS_TABLE} VIRTUAL TABLE" in plan, plan
        # tickets_ticket is reached by id from the index's matches, never read through
        assert "SEARCH tickets_ticket USING INTEGER PRIMARY KEY" in plan, plan
        assert not re.search(r"SCAN tickets_ticket(\s|$)", plan), plan
    assert found(world.manager, "消防栓被盗") == ["小区东门消防栓被盗"]


@sqlite_only
def test_writes_that_skip_the_actions_are_indexed_too(world, make_ticket):
    # given a ticket whose tokens are rewritten by a bulk update(), and one deleted
    kept = make_ticket(content="电梯异响")
    gone = make_ticket(content="电梯困人")
    Ticket.objects.filter(pk=kept.pk).update(search_tokens="楼道 道灯 灯不 不亮")
    Ticket.objects.filter(pk=gone.pk).delete()
    # then the search follows the rows as they are now
    assert found(world.manager, "电梯") == []
    assert found(world.manager, "楼道灯") == ["电梯异响"]
    assert index_is_consistent()


@sqlite_only
def test_triggers_dropped_by_a_migration_are_put_back_and_the_gap_reindexed(world, make_ticket):
    # given Django remade tickets_ticket in a migration, which drops its triggers
    with connection.cursor() as cursor:
        for name in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    make_ticket(content="地下车库积水")
    assert found(world.manager, "积水") == []
    with pytest.raises(DatabaseError), transaction.atomic():
        index_is_consistent()
    # when the migrate command ends (tickets.apps runs repair_fts after every migrate)
    assert repair_fts(connection) is True
    # then the index is whole again, and stays so for later writes
    assert found(world.manager, "积水") == ["地下车库积水"]
    make_ticket(content="二号车库积水")
    assert sorted(found(world.manager, "车库积水")) == ["二号车库积水", "地下车库积水"]
    assert repair_fts(connection) is False
    assert index_is_consistent()


@sqlite_only
def test_the_last_four_digits_are_read_from_their_index(world, make_ticket):
    make_ticket(content="门禁卡失效")
    qs = search_tickets(world.manager, q="1297", status="all")
    # Right()'s bound 4 would not match the index expression of migration 0010 (ticket_phone_last4)
    assert "USING INDEX ticket_phone_last4" in plan_of(qs[:50])
