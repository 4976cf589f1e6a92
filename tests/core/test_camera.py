"""The camera reader, without Textual: a video file in, ticket codes out, one per code held up."""

from __future__ import annotations

import sys
import threading

import pytest

from coprod_events.core import camera, tickets

from camera_video import HEIGHT, URL, WIDTH, desk_video, frame


def test_a_code_held_up_is_one_scan_and_the_next_code_right_after_is_another():
    holds = camera.OneScanPerHold(forget=3.0)
    seen = [holds.new(codes, at / 10) for at, codes in enumerate(
        [["A"]] * 30 + [[]] * 5 + [["A"]] + [["B"]] * 3 + [["B", "A"]])]  # A held 3 s, a gap, B
    assert [code for codes in seen for code in codes] == ["A", "B"]
    assert holds.new(["A"], 8.0) == ["A"]  # out of sight for longer than FORGET: a new scan


def test_a_ticket_shape_is_ours_or_another_tools_code_never_a_url_or_wifi():
    code = tickets.new_code()
    assert camera.is_ticket_shaped(code) and camera.is_ticket_shaped("CE-" + tickets.grouped(code))
    assert camera.is_ticket_shaped("A1B2C3D4E5F6G7H8J9K0M1N2P3Q4R5S6")  # a pretix secret
    assert not camera.is_ticket_shaped(URL)
    assert not camera.is_ticket_shaped("WIFI:S:Centre guest;T:WPA;P:tea-and-biscuits;;")


class Heard:
    """What a reader told, in order, until it stopped."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.previews: list[camera.Preview] = []
        self.why: str | None = None
        self.done = threading.Event()
        self.listener = camera.Listener(
            scanned=self.said.append, not_a_ticket=lambda: self.said.append("not a ticket"),
            preview=self.previews.append, stopped=self._stopped)

    def _stopped(self, why: str | None) -> None:
        self.why = why
        self.done.set()

    def run(self, source: str, **options) -> Heard:
        camera.CameraReader(source, self.listener, **options).start()
        assert self.done.wait(20)
        return self


def test_a_video_of_two_tickets_and_a_url_gives_two_scans_in_order_and_one_note(tmp_path, monkeypatch):
    monkeypatch.setattr(camera, "PACE_FILES", False)  # timed by its frames all the same
    first, second = tickets.new_code(), tickets.new_code()
    heard = Heard().run(str(desk_video(tmp_path / "desk.avi", first, second)), preview_size=(32, 24))
    assert heard.said == [first, second, "not a ticket"]
    assert heard.why is None  # the file ended: no complaint
    assert {(p.width, p.height, len(p.pixels)) for p in heard.previews} == {(32, 24, 32 * 24)}
    boxes = [p.box for p in heard.previews if p.box]
    assert boxes and all(0 < left < right < 32 and 0 < top < bottom < 24
                         for left, top, right, bottom in boxes)


def test_a_clean_frame_decodes_with_the_codes_corners():
    code = tickets.new_code()
    (found,) = camera.decode(frame(code))
    assert found.text == code
    assert all(0 < x < WIDTH and 0 < y < HEIGHT for x, y in found.corners)


def test_no_camera_no_file_or_no_extra_is_said_and_nothing_else(tmp_path, monkeypatch):
    assert "No video file" in Heard().run(str(tmp_path / "missing.avi")).why
    assert "could not be opened" in Heard().run("97").why  # no camera 97 on any test machine
    monkeypatch.setitem(sys.modules, "cv2", None)  # as if the camera extra was not installed
    heard = Heard().run("0")
    assert heard.why == camera.NO_EXTRA and "coprod-events[camera]" in heard.why
    assert heard.said == [] and heard.previews == []


@pytest.mark.parametrize("size", [(4, 2), (40, 30)])
def test_the_preview_is_shrunk_in_the_reader_to_the_size_asked(size):
    import cv2

    grey = cv2.cvtColor(frame(tickets.new_code()), cv2.COLOR_BGR2GRAY)
    preview = camera.shrink(grey, camera.decode(grey), size)
    assert (preview.width, preview.height, len(preview.pixels)) == (*size, size[0] * size[1])
    assert preview.box is not None


def test_a_camera_unplugged_mid_event_is_said_once_its_pictures_stop(monkeypatch):
    code = tickets.new_code()

    class Unplugged:
        """A camera that shows a ticket for three frames, then sends nothing (pulled out)."""
        frames = [frame(code)] * 3

        def get(self, _):
            return 30.0

        def read(self):
            return (True, self.frames.pop()) if self.frames else (False, None)

        def release(self):
            pass

    monkeypatch.setattr(camera, "open_capture", lambda source: Unplugged())
    monkeypatch.setattr(camera, "LOST_AFTER", 0.2)
    heard = Heard().run("0")
    assert heard.said == [code]
    assert heard.why is not None and "unplugged" in heard.why and camera.CARRY_ON in heard.why
