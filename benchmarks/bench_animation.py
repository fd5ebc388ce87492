"""The technique animation: the cost of one frame, repaint included, at 1080p and 4K.

A frame is what the Techniques screen's timer does 60 times a second: advance
the timeline, work out the hands, their trails and the dirty rectangles
(`AnimationLayer.show`), then let Qt repaint just those rectangles
(`processEvents`). The static diagram and the guides are cached, as they are
in the app; the first frames, which build those caches, are left out.
"""

from __future__ import annotations

import os
import statistics
import time

from table import print_table  # benchmarks/table.py

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAMES = 240  # four seconds of animation at 60 frames a second
WARM_UP = 10
STEP = 1 / 60


def _frames(app, diagram, layer, timeline, start: float) -> list[float]:  # type: ignore[no-untyped-def]
    layer.set_timeline(timeline, loop=True)
    t = start
    for _ in range(WARM_UP):  # build the caches: diagram, guides
        layer.show(t)
        diagram.repaint()
        t += STEP
    times = []
    for _ in range(FRAMES):
        t0 = time.perf_counter()
        layer.show(t % timeline.duration)
        app.processEvents()  # the dirty rectangles repaint from the caches
        times.append((time.perf_counter() - t0) * 1000)
        t += STEP
    return times


def _bench_size(app, content, w: int, h: int) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    from massage_trainer.core.timeline import Timeline
    from massage_trainer.ui.diagram.animation import AnimationLayer
    from massage_trainer.ui.diagram.view import BackDiagram
    from massage_trainer.ui.kit import theme as th

    diagram = BackDiagram(content.body, th.LIGHT)
    diagram.resize(w, h)
    diagram.show()
    app.processEvents()
    library = content.techniques
    layer = AnimationLayer(diagram, library)
    diagram.add_layer(layer)
    goal = "<= 4 ms at 4K" if w == 3840 else ""
    rows = []
    every: list[float] = []
    for technique in library:
        times = _frames(app, diagram, layer, Timeline.for_technique(technique, loop=True), 0.0)
        every.extend(times)
        rows.append((f"Animation frame, {technique.id}, at {w}x{h}", f"{statistics.median(times):.2f} ms", goal))
    every.sort()
    p95 = every[round(0.95 * (len(every) - 1))]
    rows.append((f"Animation frame, all techniques, 95th percentile, at {w}x{h}", f"{p95:.2f} ms",
                 "under a frame (16 ms)"))

    # For comparison: the same frame repainting the whole widget instead of the dirty rectangles.
    timeline = Timeline.for_technique(library["kneading"], loop=True)
    layer.set_timeline(timeline, loop=True)
    layer.show(1.0)
    diagram.repaint()
    full = []
    for i in range(30):
        t0 = time.perf_counter()
        layer.show(1.0 + i * STEP)
        diagram.repaint()
        full.append((time.perf_counter() - t0) * 1000)
    rows.append((f"Animation frame repainting the whole diagram, at {w}x{h}",
                 f"{statistics.median(full):.2f} ms", "for comparison"))
    diagram.remove_layer(layer)
    diagram.close()
    return rows


def run() -> list[tuple[str, str, str]]:
    from massage_trainer.content import load_content
    from massage_trainer.ui.shell.app import ensure_app

    app = ensure_app()
    content = load_content()
    rows: list[tuple[str, str, str]] = []
    for w, h in ((1920, 1080), (3840, 2160)):
        rows.extend(_bench_size(app, content, w, h))
    return rows


if __name__ == "__main__":
    print_table(run())
