"""The board says "more than" where its count stops (tickets.selectors.COUNT_CAP)."""


def test_the_board_says_more_than_when_the_count_is_capped(client, world, make_ticket, monkeypatch):
    for _ in range(3):
        make_ticket()
    client.force_login(world.supervisor)
    monkeypatch.setattr("tickets.selectors.COUNT_CAP", 2)
    capped = client.get("/board/").content.decode()
    monkeypatch.setattr("tickets.selectors.COUNT_CAP", 10)
    exact = client.get("/board/").content.decode()

    assert 'data-count="2"' in capped
    assert "超过2张工单" in capped
    assert 'data-count="3"' in exact
    assert "3张工单" in exact and "超过" not in exact
