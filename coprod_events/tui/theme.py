"""A high-contrast theme for staff who need it (offered beside Textual's built-in themes)."""

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFB000",
    error="#FF4040",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)
