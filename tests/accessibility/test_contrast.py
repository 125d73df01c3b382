"""Contrast of our own colours (WCAG 2.2: 3:1 for focus rings and field borders, 4.5:1 for text).

The colours are read from the CSS files the browser gets, so a change there that breaks a ratio fails here.
"""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
APP_CSS = (STATIC / "css" / "app.css").read_text()
NAVBAR_HTML = (STATIC.parent / "templates" / "components" / "navbar.html").read_text()
BOOTSTRAP_CSS = (STATIC / "vendor" / "bootstrap" / "bootstrap.min.css").read_text()


def custom_property(css, name):
    """The first value given to a custom property (Bootstrap's light theme comes before its dark one), as #rrggbb."""
    value = re.search(rf"{re.escape(name)}:\s*#([0-9a-fA-F]{{6}}|[0-9a-fA-F]{{3}})\b", css).group(1).lower()
    return "#" + (value if len(value) == 6 else "".join(digit * 2 for digit in value))


def block(css, opening):
    """The declarations of the first rule that opens with `opening` (its selectors and the brace)."""
    start = css.index(opening) + len(opening)
    return css[start : css.index("}", start)]


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

# Our colours and Bootstrap's, in each scheme: the light ones on :root, the dark ones under data-bs-theme="dark".
LIGHT = block(APP_CSS, ':root,\n[data-bs-theme="light"] {')
DARK = block(APP_CSS, '\n[data-bs-theme="dark"] {')
BOOTSTRAP_LIGHT = block(BOOTSTRAP_CSS, ":root,[data-bs-theme=light]{")
BOOTSTRAP_DARK = block(BOOTSTRAP_CSS, "}[data-bs-theme=dark]{")
SCHEMES = {"light": (LIGHT, BOOTSTRAP_LIGHT), "dark": (DARK, BOOTSTRAP_DARK)}


def test_contrast_both_schemes_define_every_colour():
    names = set(re.findall(r"(--interlock-[a-z-]+):", LIGHT))
    assert len(names) >= 10
    assert set(re.findall(r"(--interlock-[a-z-]+):", DARK)) == names


def test_contrast_the_dark_scheme_is_bootstraps_dark_page():
    assert (custom_property(BOOTSTRAP_LIGHT, "--bs-body-bg"), custom_property(BOOTSTRAP_DARK, "--bs-body-bg")) == (
        WHITE,
        "#212529",
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_contrast_focus_ring_on_the_page(scheme):
    ours, bootstrap = SCHEMES[scheme]
    page = custom_property(bootstrap, "--bs-body-bg")
    outer = custom_property(ours, "--interlock-focus-outer")
    inner = custom_property(ours, "--interlock-focus-inner")
    # The outer ring stands out on the page; the two rings also stand out from each other.
    assert (ratio(outer, page) >= 3, ratio(outer, inner) >= 3) == (True, True)


def test_contrast_focus_ring_on_the_top_bar():
    # The top bar is data-bs-theme="dark" in both schemes, so the dark ring is drawn there.
    assert ratio(custom_property(DARK, "--interlock-focus-outer"), NAVBAR) >= 3
    assert 'class="navbar navbar-expand-md navbar-interlock" data-bs-theme="dark"' in NAVBAR_HTML


def test_contrast_focus_ring_is_drawn_with_the_checked_colours():
    rule = re.search(r":focus-visible \{([^}]*)\}", APP_CSS).group(1)
    assert "outline: 3px solid var(--interlock-focus-outer) !important;" in rule
    assert "box-shadow: 0 0 0 3px var(--interlock-focus-inner) !important;" in rule


@pytest.mark.parametrize("scheme", SCHEMES)
def test_contrast_field_borders_on_the_field(scheme):
    ours, bootstrap = SCHEMES[scheme]
    field = custom_property(bootstrap, "--bs-body-bg")  # .form-control's background
    assert ratio(custom_property(ours, "--interlock-input-border"), field) >= 3
    assert ratio(custom_property(bootstrap, "--bs-border-color"), field) < 3  # why the override is needed
    assert re.search(r"\.form-check-input \{\s*border-color: var\(--interlock-input-border\);", APP_CSS)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_contrast_unread_inbox_title_on_its_row(scheme):
    ours, bootstrap = SCHEMES[scheme]
    title = custom_property(ours, "--interlock-unread-title")
    assert ratio(title, custom_property(bootstrap, "--bs-light-bg-subtle")) >= 4.5  # .list-group-item-light
    assert ratio(title, custom_property(bootstrap, "--bs-body-bg")) >= 4.5


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", ["primary", "danger", "success", "secondary"])
def test_contrast_text_colours_on_the_page_and_on_grey(scheme, kind):
    ours, bootstrap = SCHEMES[scheme]
    text = custom_property(ours, f"--interlock-text-{kind}")
    for background in ("--bs-body-bg", "--bs-tertiary-bg"):  # the page, and a card header or a light row
        assert ratio(text, custom_property(bootstrap, background)) >= 4.5, (kind, background)
    # Bootstrap's own is below 4.5:1 on the dark page, which is why its text and outlined buttons take ours.
    assert (
        ratio(custom_property(BOOTSTRAP_LIGHT, f"--bs-{kind}"), custom_property(BOOTSTRAP_DARK, "--bs-body-bg")) < 4.5
    )
    outlined = re.search(rf"\.btn-outline-{kind} \{{([^}}]*)\}}", APP_CSS).group(1)
    assert f"--bs-btn-color: var(--interlock-text-{kind});" in outlined
    if kind != "primary":  # .text-primary is not used: links and buttons carry the primary colour
        assert f".text-{kind} {{ color: var(--interlock-text-{kind}) !important; }}" in APP_CSS


@pytest.mark.parametrize("scheme", SCHEMES)
def test_contrast_map_marks_on_the_page(scheme):
    ours, bootstrap = SCHEMES[scheme]
    page = custom_property(bootstrap, "--bs-body-bg")
    for name in ("--interlock-map-node", "--interlock-trust-high", "--interlock-trust-mid", "--interlock-trust-low"):
        assert ratio(custom_property(ours, name), page) >= 3, name
    assert ".map-node text { font-size: 14px; fill: var(--bs-body-color); }" in APP_CSS


def test_contrast_outlined_dark_button_on_the_dark_page():
    rule = re.search(r'\[data-bs-theme="dark"\] \.btn-outline-dark \{([^}]*)\}', APP_CSS).group(1)
    assert "--bs-btn-color: var(--bs-body-color);" in rule
    text, page = (custom_property(BOOTSTRAP_DARK, name) for name in ("--bs-body-color", "--bs-body-bg"))
    assert ratio(text, page) >= 4.5
