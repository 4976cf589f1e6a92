"""The installed command scanning with a "camera" (a video file) in a real pseudo-terminal."""

from __future__ import annotations

import pexpect
from pty_app import OpenDay

from coprod_events.core import checkin, registrations
from coprod_events.core.store import Store

from camera_video import desk_video


def test_the_desk_checks_in_two_tickets_held_up_to_the_camera_once_each(tmp_path):
    day = OpenDay.make(tmp_path)
    with Store(day.db) as store:  # (not through the command: two starts fewer)
        ann, ben = (registrations.register(store, day.slug, name).code for name in ("Ann Carr", "Ben Lynn"))
    video = desk_video(tmp_path / "desk.avi", ann, ben)
    terminal = day.terminal("desk", day.slug, "--camera", str(video))
    try:
        terminal.wait_for("Camera: hold")  # the preview is up
        terminal.wait_for("Checked in 2 / 2")
        screen = terminal.wait_for("The video has ended")
        assert "Ann Carr" in screen and "Ben Lynn" in screen
        terminal.child.sendcontrol("q")
        terminal.child.expect(pexpect.EOF, timeout=10)
    finally:
        terminal.close()
    with Store(day.db) as store:
        log = [(entry.name, entry.reason) for entry in reversed(checkin.recent(store, day.slug, limit=20))]
    assert log == [("Ann Carr", "ok"), ("Ben Lynn", "ok")]  # the URL's QR is logged nowhere
    assert not (tmp_path / "desk.log").read_text()
