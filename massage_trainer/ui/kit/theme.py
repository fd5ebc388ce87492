"""The one theme module (docs/visual-language.md): colours, patterns, line widths, type and spacing.

The three themes differ only in the values held here. Widgets ask this module;
they never spell a colour themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

# Okabe–Ito: stays distinct for the common forms of colour blindness.
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
SKY_BLUE = "#56B4E9"
BLUE = "#0072B2"
YELLOW = "#F0E442"
REDDISH_PURPLE = "#CC79A7"

# Line widths in back lengths, so that they scale with the view.
OUTLINE_WIDTH = 0.006
ZONE_EDGE_WIDTH = 0.004
ANATOMY_WIDTH = 0.0035
INK_WIDTH = 0.01
HATCH_SPACING = 0.022
HATCH_WIDTH = 0.0028

SPACING = 8  # px at 100 % scale; margins and gaps are multiples of it


@dataclass(frozen=True)
class Theme:
    name: str
    canvas: str  # behind the diagram
    panel: str
    text: str
    muted: str
    skin: str
    skin_edge: str
    bone: str
    bone_edge: str
    anatomy_line: str
    label_halo: str
    no_work: str
    caution: str
    ink: str
    glide: str
    violation: str
    demo: str
    zone_alpha: float  # zone fills are translucent so the anatomy shows through
    line_scale: float  # high contrast thickens every line
    hatch_shade: int = 100  # QColor.lighter() factor for hatch lines; >100 lifts them off a dark skin

    def color(self, name: str, alpha: float | None = None) -> QColor:
        c = QColor(getattr(self, name))
        if alpha is not None:
            c.setAlphaF(alpha)
        return c


LIGHT = Theme(
    name="light",
    canvas="#F7F5F2",
    panel="#FFFFFF",
    text="#1F1F1F",
    muted="#555555",
    skin="#F1D9C4",
    skin_edge="#6B4F3A",
    bone="#FBF7EE",
    bone_edge="#8A7F72",
    anatomy_line="#8C7462",
    label_halo="#F7F5F2",
    no_work=VERMILLION,
    caution=ORANGE,
    ink=BLUISH_GREEN,
    glide=SKY_BLUE,
    violation=VERMILLION,
    demo=BLUE,
    zone_alpha=0.30,
    line_scale=1.0,
)

DARK = replace(
    LIGHT,
    name="dark",
    canvas="#1E1F22",
    panel="#2A2C30",
    text="#EDEDED",
    muted="#B8B8B8",
    skin="#8A6E5C",
    skin_edge="#E8D2BF",
    bone="#D8D2C6",
    bone_edge="#5A5249",
    anatomy_line="#D9C3B0",
    label_halo="#1E1F22",
    # Not sky blue, the glide's colour: yellow stays apart from it for every common colour blindness.
    demo=YELLOW,
    zone_alpha=0.35,
    hatch_shade=165,
)

CONTRAST = replace(
    LIGHT,
    name="contrast",
    canvas="#000000",
    panel="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    skin="#3A2A20",
    skin_edge="#FFFFFF",
    bone="#FFFFFF",
    bone_edge="#FFFFFF",
    anatomy_line="#FFFFFF",
    label_halo="#000000",
    no_work="#FF6A00",
    caution="#FFC000",
    ink="#00E0A0",
    glide="#7FD4FF",
    violation="#FF6A00",
    demo="#4FA8FF",
    zone_alpha=0.45,
    line_scale=1.8,
)

THEMES = {t.name: t for t in (LIGHT, DARK, CONTRAST)}


def system_theme() -> Theme:
    """Light by default; dark when the system says so."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else None
    from PySide6.QtCore import Qt

    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def apply_palette(theme: Theme, palette: QPalette) -> QPalette:
    """A palette for the widgets around the diagram that matches the theme."""
    p = QPalette(palette)
    p.setColor(QPalette.ColorRole.Window, QColor(theme.canvas))
    p.setColor(QPalette.ColorRole.Base, QColor(theme.panel))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(theme.canvas))
    p.setColor(QPalette.ColorRole.WindowText, QColor(theme.text))
    p.setColor(QPalette.ColorRole.Text, QColor(theme.text))
    p.setColor(QPalette.ColorRole.ButtonText, QColor(theme.text))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(theme.muted))
    p.setColor(QPalette.ColorRole.Button, QColor(theme.panel))
    return p


BASE_POINT_SIZE = 10.0
LAPTOP_SIZE = (1366, 768)


def ui_scale(width: int, height: int) -> float:
    """How much larger than on a 1366×768 laptop the window's type should be.

    A classroom projector at 4K with no system scaling would otherwise show
    laptop-sized type; on a high-DPI screen Qt already reports logical pixels,
    so this composes with the platform's scale factor rather than fighting it.
    """
    s = min(width / LAPTOP_SIZE[0], height / LAPTOP_SIZE[1])
    return max(1.0, min(s, 2.6))


def scaled_font(base: QFont, scale: float, factor: float = 1.0) -> QFont:
    f = QFont(base)
    f.setPointSizeF(round(BASE_POINT_SIZE * scale * factor * 2) / 2)
    return f
