from tui.domain import uptime

NOW = 1_700_000_000.0


def test_durations_read_back_from_docker_phrases():
    assert uptime.duration_seconds("Less than a second") == 0
    assert uptime.duration_seconds("1 second") == 1
    assert uptime.duration_seconds("17 seconds") == 17
    assert uptime.duration_seconds("About a minute") == 60
    assert uptime.duration_seconds("5 minutes") == 300
    assert uptime.duration_seconds("About an hour") == 3600
    assert uptime.duration_seconds("3 weeks") == 3 * 7 * 86400
    assert uptime.duration_seconds("soon") is None


def test_up_status_ages_from_its_anchor():
    a = uptime.anchor("Up 17 seconds", NOW)
    assert a.kind == "up" and a.since == NOW - 17
    assert uptime.render(a, NOW) == "Up 17 sec"
    assert uptime.render(a, NOW + 60) == "Up 1 min"
    assert uptime.render(a, NOW + 3 * 3600) == "Up 3 hours"
    assert uptime.render(a, NOW + 3 * 86400) == "Up 3 days"


def test_health_and_paused_suffixes_are_left_to_the_state_column():
    for status in ("Up 2 minutes (healthy)", "Up 2 minutes (unhealthy)", "Up 2 minutes (health: starting)", "Up 2 minutes (Paused)"):
        assert uptime.render(uptime.anchor(status, NOW), NOW) == "Up 2 min"


def test_exit_and_restart_keep_their_code():
    a = uptime.anchor("Exited (137) About an hour ago", NOW)
    assert a.kind == "exited" and a.code == "137"
    assert uptime.render(a, NOW + 7200) == "Exited (137) 3 hours ago"
    r = uptime.anchor("Restarting (1) 5 seconds ago", NOW)
    assert uptime.render(r, NOW) == "Restarting (1) 5 sec ago"


def test_unparseable_statuses_are_shown_as_they_came():
    for status in ("Created", "Removal In Progress", "Dead", "Up forever", ""):
        a = uptime.anchor(status, NOW)
        assert a.kind == "fixed" and uptime.render(a, NOW + 999) == status
        assert uptime.age_seconds(a, NOW) is None


def test_short_duration_units():
    assert [uptime.short_duration(s) for s in (0, 59, 60, 3599, 3600, 7200, 47 * 3600, 48 * 3600, 20 * 86400, 90 * 86400, 800 * 86400)] == [
        "0 sec", "59 sec", "1 min", "59 min", "1 hour", "2 hours", "47 hours", "2 days", "2 weeks", "3 months", "2 years",
    ]
