"""The Textual app.

Textual paints at most 60 frames a second by default, so a verdict or a filtered list waits up
to two frame ticks (~35 ms) after it is ready. The desk paints up to 120: Textual only paints
when something changed, so an idle desk costs nothing more. Set before Textual is imported;
TEXTUAL_FPS in the environment still wins.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "120")
