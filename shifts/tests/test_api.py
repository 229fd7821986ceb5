def test_a_shift_time_with_a_time_zone_is_a_400_not_a_500(world):
    # found by the API fuzz run: "00:00:00Z" reached the database, which cannot store it
    from kefu.apitest import ApiClient
    from shifts.models import ShiftTemplate

    response = ApiClient(world.manager).post(
        "/api/v1/shifts", {"code": "n", "name": "夜班", "start": "22:00:00Z", "end": "08:00:00"}
    )
    assert response.status_code == 400
    assert "start" in response.json()["error"]["fields"]
    assert not ShiftTemplate.objects.filter(code="n").exists()
