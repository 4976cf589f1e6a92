"""`retention`, `purge`, `person export` and `person erase`, run as a person or a script would
(each run costs a start of the command: tests/core/test_privacy.py covers the rest)."""

from __future__ import annotations

import json


def test_retention_purge_export_and_erase_in_one_command_each(cli, tmp_path):
    slug = cli.json("event", "add", "Old Day", "--kind", "conference", "--starts", "3/12/2020 09:00")["slug"]
    cli("register", slug, "Ada Quill", "--email", "ada@example.org", "--consent",
        "--access-notes", "Quiet room")
    assert cli.json("retention", "--health-days", "10") == {"health_days": 10, "inactive_years": 3}

    done = cli.json("purge")
    assert done["registrations"] == {slug: [1]} and done["people"] == [] and done["backup"]

    written = cli.json("person", "export", "ADA@example.org", "--out", str(tmp_path / "ada.json"))
    assert json.loads((tmp_path / "ada.json").read_text())["person"]["name"] == "Ada Quill"
    assert written["html"] == str(tmp_path / "ada.html")

    refused = cli("person", "erase", "1", expect=1)  # a script, not asked: nothing happens
    assert "--yes" in refused.stderr
    coming = cli.json("event", "add", "Next Day", "--kind", "conference",
                      "--starts", "3/12/2030 09:00")["slug"]
    cli("register", coming, "Ada Quill", "--email", "ada@example.org")
    erased = cli.json("person", "erase", "ada@example.org", "--yes")
    assert (erased["tickets_revoked"], erased["registrations_cancelled"]) == (2, 1)
    assert "No person has the email" in cli("person", "erase", "ada@example.org", "--yes", expect=2).stderr
