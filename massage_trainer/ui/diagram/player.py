"""The one player clock for everything that plays over the diagram: techniques and replays.

`Playback` is plain Python (no Qt): a position in seconds between `start` and
`end`, advanced by an injected clock times the speed, so tests move time by hand.
A screen's QTimer only calls `tick()` while it plays; the screen draws what the
position says. Listeners hear of every change (position, playing, speed), so a
view can follow the player without polling it.

Typical use::

    player = Playback(clock=clock)
    player.subscribe(lambda change: view.refresh())
    player.load(end=recording.duration, play=True)
    timer.timeout.connect(player.tick)
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from typing import Final

SPEEDS: Final = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)  # the one list every speed control offers


class Change(enum.Flag):
    """What a change to the player touched; a listener may care about only some of it."""

    POSITION = enum.auto()
    PLAYING = enum.auto()
    SPEED = enum.auto()
    LOADED = enum.auto()  # new bounds or looping


Listener = Callable[[Change], None]


def nearest_speed(speed: float) -> float:
    """The speed in SPEEDS closest to this one."""
    return min(SPEEDS, key=lambda s: abs(s - speed))


class Playback:
    """Where the animation or recording is, in its own seconds. Qt-free; time comes from `clock`.

    While playing, each `tick()` moves on by the clock's time since playing
    (re)started, times the speed: at 2x, one second of clock is two of
    animation. A looping player wraps from `end` to `start`; otherwise it stops
    at `end`, and `play()` there starts again from `start`, like a media player.
    """

    def __init__(self, end: float = 0.0, *, start: float = 0.0, loop: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._start, self._end = start, max(end, start)
        self._loop = loop
        self._position = start
        self._speed = 1.0
        self._playing = False
        self._anchor = (0.0, start)  # (clock, position) when the position last moved by a jump
        self._listeners: list[Listener] = []

    # ------------------------------------------------------------ what it is

    @property
    def position(self) -> float:
        """Seconds into the timeline or recording, between `start` and `end`."""
        return self._position

    @property
    def start(self) -> float:
        return self._start

    @property
    def end(self) -> float:
        return self._end

    @property
    def duration(self) -> float:
        return self._end - self._start

    @property
    def loop(self) -> bool:
        return self._loop

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def at_end(self) -> bool:
        return self._position >= self._end

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(change)` after every change to the position, playing state or speed."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # ------------------------------------------------------------ what it does

    def load(self, end: float, *, start: float = 0.0, loop: bool = False, play: bool = False) -> None:
        """Play something else: new bounds, back to `start`; playing at once if `play`."""
        was_playing = self._playing
        self._start, self._end, self._loop = start, max(end, start), loop
        self._playing = False
        self._move(start)
        change = Change.LOADED | Change.POSITION
        if play:
            self._begin()
        if self._playing != was_playing:
            change |= Change.PLAYING
        self._notify(change)

    def set_clock(self, clock: Callable[[], float]) -> None:
        """Take time from another clock from now on (tests inject theirs after building a screen)."""
        self._clock = clock
        self._anchor = (clock(), self._position)

    def play(self) -> None:
        if self._playing:
            return
        moved = self.at_end and not self._loop
        if moved:
            self._move(self._start)  # play again from the start, like a media player
        self._begin()
        self._notify(Change.PLAYING | Change.POSITION if moved else Change.PLAYING)

    def pause(self) -> None:
        if not self._playing:
            return
        self.tick()  # the time played so far counts
        if self._playing:  # (unless that tick reached the end and stopped)
            self._playing = False
            self._notify(Change.PLAYING)

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def seek(self, t: float) -> None:
        """Jump to t (kept within start..end); playing goes on from there."""
        self._move(min(max(t, self._start), self._end))
        self._notify(Change.POSITION)

    def step(self, dt: float) -> None:
        """Pause and move by dt seconds (negative: back), as a step button does."""
        self.pause()
        self.seek(self._position + dt)

    def set_speed(self, speed: float) -> None:
        """Play at this speed from now on (the time already played keeps the old speed)."""
        if not speed > 0:
            raise ValueError("speed must be positive")
        if speed == self._speed:
            return
        if self._playing:
            self.tick()
        self._speed = speed
        self._anchor = (self._clock(), self._position)
        self._notify(Change.SPEED)

    def faster(self) -> None:
        """The next speed up in SPEEDS (it stays at the fastest)."""
        index = SPEEDS.index(nearest_speed(self._speed))
        self.set_speed(SPEEDS[min(index + 1, len(SPEEDS) - 1)])

    def slower(self) -> None:
        """The next speed down in SPEEDS (it stays at the slowest)."""
        index = SPEEDS.index(nearest_speed(self._speed))
        self.set_speed(SPEEDS[max(index - 1, 0)])

    def tick(self) -> float:
        """Advance to the clock's time (a QTimer calls this while playing); return the position."""
        if not self._playing:
            return self._position
        clock0, t0 = self._anchor
        t = t0 + (self._clock() - clock0) * self._speed
        change = Change(0)
        if t >= self._end:
            if self._loop and self.duration > 0:
                # Anchored at the wrap, so a long loop never gathers rounding error.
                t = self._start + (t - self._start) % self.duration
                self._anchor = (self._clock(), t)
            else:
                t = self._end
                self._playing = False
                change |= Change.PLAYING
        if t != self._position:
            self._position = t
            change |= Change.POSITION
        if change:
            self._notify(change)
        return self._position

    # ------------------------------------------------------------ inside

    def _begin(self) -> None:
        self._playing = True
        self._anchor = (self._clock(), self._position)

    def _move(self, t: float) -> None:
        self._position = t
        self._anchor = (self._clock(), t)

    def _notify(self, change: Change) -> None:
        for listener in tuple(self._listeners):
            listener(change)
