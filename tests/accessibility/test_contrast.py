"""Contrast of our own colours (WCAG 2.2: 3:1 for focus rings and field borders, 4.5:1 for text).

The colours are read from the CSS files the browser gets, so a change there that breaks a ratio fails here.
"""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
APP_CSS = (STATIC / "css" / "app.css").read_text()
BOOTSTRAP_CSS = (STATIC / "vendor" / "bootstrap" / "bootstrap.min.css").read_text()


def custom_property(css, name):
    """The first value given to a custom property (Bootstrap's light theme comes before its dark one)."""
    return re.search(rf"{re.escape(name)}:\s*(#[0-9a-fA-F]{{6}})", css).group(1)


def luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return round((lighter + 0.05) / (darker + 0.05), 2)


WHITE = "#ffffff"
NAVBAR = re.search(r"\.navbar-interlock\[data-bs-theme\] \{\s*background-color: (#[0-9a-f]{6})", APP_CSS).group(1)


def test_contrast_focus_ring_on_pages_and_on_the_top_bar():
    outer = custom_property(APP_CSS, "--interlock-focus-outer")
    inner = custom_property(APP_CSS, "--interlock-focus-inner")
    # One of the two rings stands out on each background; the two rings also stand out from each other.
    assert (ratio(outer, WHITE) >= 3, ratio(inner, NAVBAR) >= 3, ratio(outer, inner) >= 3) == (True, True, True)


def test_contrast_focus_ring_is_drawn_with_the_checked_colours():
    rule = re.search(r":focus-visible \{([^}]*)\}", APP_CSS).group(1)
    assert "outline: 3px solid var(--interlock-focus-outer) !important;" in rule
    assert "box-shadow: 0 0 0 3px var(--interlock-focus-inner) !important;" in rule


def test_contrast_field_borders_on_white():
    border = custom_property(APP_CSS, "--interlock-input-border")
    assert ratio(border, WHITE) >= 3
    assert ratio(custom_property(BOOTSTRAP_CSS, "--bs-border-color"), WHITE) < 3  # why the override is needed
    assert re.search(r"\.form-check-input \{\s*border-color: var\(--interlock-input-border\);", APP_CSS)


def test_contrast_unread_inbox_title_on_its_row():
    title = custom_property(APP_CSS, "--interlock-unread-title")
    row = custom_property(BOOTSTRAP_CSS, "--bs-light-bg-subtle")  # .list-group-item-light, the unread row
    assert ratio(title, row) >= 4.5
    assert ratio(title, WHITE) >= 4.5
