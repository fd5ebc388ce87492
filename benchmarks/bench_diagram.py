"""Rendering the Atlas: the whole static diagram, and a repaint after hover."""

from __future__ import annotations

import os
import statistics
import time

from table import print_table  # benchmarks/table.py

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 15


def _median_ms(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _bench_size(app, body, w: int, h: int) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    from massage_trainer.ui.diagram.view import BackDiagram
    from massage_trainer.ui.kit import theme as th

    diagram = BackDiagram(body, th.LIGHT)
    diagram.resize(w, h)
    diagram.show()
    app.processEvents()

    def full() -> None:
        diagram.set_theme(diagram.theme)  # as after a resize or theme change: everything is drawn anew
        diagram.repaint()

    full_ms = _median_ms(full)
    zones = ["heart", "kidney-left", "spine", ""]
    state = {"i": 0}

    def hover() -> None:
        z = zones[state["i"] % len(zones)]
        state["i"] += 1
        diagram._set_hovered((z,) if z else ())
        app.processEvents()  # the dirty zone rectangles repaint from the cache

    hover_ms = _median_ms(hover, RUNS * 4)
    diagram.close()
    return [
        (f"Atlas full render at {w}x{h}", f"{full_ms:.1f} ms", "once per resize"),
        (f"Atlas repaint after hover at {w}x{h}", f"{hover_ms:.2f} ms", "<= 4 ms at 4K" if w == 3840 else ""),
    ]


def run() -> list[tuple[str, str, str]]:
    from massage_trainer.content import load_content
    from massage_trainer.ui.shell.app import ensure_app

    app = ensure_app()
    body = load_content().body
    rows: list[tuple[str, str, str]] = []
    for w, h in ((1920, 1080), (3840, 2160)):
        rows.extend(_bench_size(app, body, w, h))
    return rows


if __name__ == "__main__":
    print_table(run())
