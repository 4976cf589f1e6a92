"""`snapshot` and `merge` as staff run them: a copy for a desk laptop, and back into the hub."""

from __future__ import annotations

from coprod_events.core.store import Store

from conftest import conference, register, scan


def test_snapshot_desk_db_and_merge_back_once_refusing_another_event(cli, cli_db, tmp_path):
    with Store(cli_db) as hub:
        event = conference(hub)
        other = conference(hub, "Another Day", starts="4/12/2026 09:00", ends="4/12/2026 17:00")
        codes = [register(hub, event, "Ada Lane", consent=True, dietary="Coeliac",
                          access_notes="Anxious in crowds").code, register(hub, event, "Bo Ng").code]
    taken = cli("snapshot", event.slug, "--out", "door2.db").stdout
    assert f"Snapshot of {event.slug}" in taken and f"desk {event.slug} --db door2.db" in taken

    with Store(tmp_path / "door2.db") as door2:
        for code in codes:
            scan(door2, event, code, "2026-12-03 10:00", station="Door 2")
    with Store(cli_db) as hub:
        scan(hub, event, codes[0], "2026-12-03 10:30", station="Door 1")

    merged = cli("merge", "door2.db")
    assert "2 admitted" in merged.stdout and "1 conflict." in merged.stdout
    assert "Ada Lane (Door, 2026-12-03): let in offline at 10:00 (Door 2) and at the hub at 10:30 " \
           "(Door 1)" in merged.stdout
    for health in ("Coeliac", "Anxious"):  # health data stays in the database
        assert health not in merged.stdout + merged.stderr
    again = cli.json("merge", "door2.db")
    assert (again["added"], again["conflicts"]) == (0, [])

    refused = cli("merge", "door2.db", "--event", other.slug, expect=1)
    assert f"not {other.slug}" in refused.stderr
    assert "not a file" in cli("merge", "missing.db", expect=2).stderr
