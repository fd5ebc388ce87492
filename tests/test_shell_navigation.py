"""A screen opens another through the context, never by importing it (docs/adding-a-screen.md)."""

from __future__ import annotations


def test_a_screen_opens_another_by_its_key(window, qtbot) -> None:
    window.ctx.navigate("reference", None)
    assert window.current_screen() == "reference"
    window.ctx.navigate("no-such-screen", {"mode": "x"})  # an unknown key changes nothing
    assert window.current_screen() == "reference"
