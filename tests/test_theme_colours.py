"""The theme's colours that carry different meanings stay apart, to a colour-blind eye too."""

from __future__ import annotations

import numpy as np
import pytest

from massage_trainer.ui.kit.theme import DARK, LIGHT, Theme

# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB.
SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
# CIE76 distance; about 2 is barely seen, and lines on a busy diagram need far more.
APART = 40.0


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0.0, 1.0)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, seen_by: str) -> float:
    m = SIMULATIONS[seen_by]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


@pytest.mark.parametrize("seen_by", sorted(SIMULATIONS))
def test_the_dark_themes_demonstration_and_glide_colours_differ(seen_by: str) -> None:
    assert DARK.demo != DARK.glide
    assert distance(DARK.demo, DARK.glide, seen_by) >= APART


@pytest.mark.parametrize("seen_by", sorted(SIMULATIONS))
def test_the_dark_themes_demonstration_stands_apart_from_the_learners_ink(seen_by: str) -> None:
    assert distance(DARK.demo, DARK.ink, seen_by) >= APART


def test_the_measure_tells_close_colours_from_distant_ones() -> None:
    # The light theme's blue beside its sky blue is the close pair the dark theme used to make worse.
    assert distance(LIGHT.demo, LIGHT.glide, "deuteranopia") < APART
    assert distance("#000000", "#FFFFFF", "tritanopia") > 90


def _contrast(theme: Theme, name: str) -> float:
    def lum(colour: str) -> float:
        r, g, b = _linear(colour)
        return float(0.2126 * r + 0.7152 * g + 0.0722 * b)
    a, b = lum(getattr(theme, name)), lum(theme.canvas)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_the_dark_themes_demonstration_reads_on_its_canvas() -> None:
    assert _contrast(DARK, "demo") >= 4.5
