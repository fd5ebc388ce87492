"""The hand a device drives: button, pen, contact lock and vibration control turned into samples.

A mouse has no tremor and no strike of its own (docs/recording-format.md, "Doing the
technique"), so the drill gives it what a pen has. `Hand` decides, from what is held and
the phase's technique, when the hand is on the skin and which samples that makes:

- a held button or pen, the contact lock (C) or the vibration control (V) puts the hand down;
- in a percussion phase a press is a blow: contact for `TAP_S`, then a sample out of contact
  at the same place, whether or not the button is still held; moving with it held is recorded
  out of contact (the hand is in the air after its blow), so it draws nothing;
- in a vibration phase the hand, while down, trembles where the pointer rests: a small circle
  (`TREMOR_HZ`, `TREMOR_RADIUS`) sampled at a steady `STEADY_HZ` even while the pointer rests.

Times are the drill's, passed in by the caller: nothing here reads a clock.
"""

from __future__ import annotations

import math
from typing import Final, NamedTuple

from massage_trainer.core.technique_ids import PERCUSSION, VIBRATION

TAP_S: Final = 0.08  # how long a click's blow stays on the skin
TREMOR_HZ: Final = 8.0  # the vibration control's tremor, well above the form rule's floor
TREMOR_RADIUS: Final = 0.01  # 0.02 wide, on x and on y
STEADY_HZ: Final = 60.0  # samples a second while the hand trembles, resting or not


class Sample(NamedTuple):
    t: float
    x: float
    y: float
    contact: bool
    pressure: float


def tremor_offset(t: float) -> tuple[float, float]:
    """Where the tremor has moved the hand at drill time `t`: a circle of TREMOR_RADIUS."""
    a = 2.0 * math.pi * TREMOR_HZ * t
    return TREMOR_RADIUS * math.cos(a), TREMOR_RADIUS * math.sin(a)


def steady_times(after: float, until: float, rate: float = STEADY_HZ) -> list[float]:
    """The sample times due after `after` up to `until`, one every 1/rate seconds."""
    step = 1.0 / rate
    n = math.floor((until - after) / step + 1e-9)
    return [after + step * k for k in range(1, max(0, n) + 1)]


class Hand:
    """Which of the controls hold the hand down, where it rests, and the samples that makes."""

    def __init__(self, technique: str) -> None:
        self.technique = technique
        self.button = False  # mouse button or pen down
        self.lock = False  # the contact lock (C)
        self.vibrate = False  # the vibration control (V) held
        self.at: tuple[float, float] | None = None  # where the pointer rests
        self.pressure = 0.5
        self.on = False  # the latest sample was in contact
        self.last_t: float | None = None
        self._lifted = False  # the hand went up after touching in this phase
        self._tap_due: float | None = None  # a blow's lift, still to be recorded
        self._tap_at: tuple[float, float] | None = None  # where that blow landed

    @property
    def taps(self) -> bool:
        return self.technique == PERCUSSION

    @property
    def trembles(self) -> bool:
        return self.technique == VIBRATION

    @property
    def wants_contact(self) -> bool:
        """A control holds the hand down (in percussion only the lock does: a press is a blow)."""
        return self.lock or self.vibrate or (self.button and not self.taps)

    # --- what the controls do ------------------------------------------------------

    def press(self, t: float, x: float, y: float, pressure: float) -> list[Sample]:
        self.button, self.at, self.pressure = True, (x, y), pressure
        if self.taps and not self.lock:
            return self._blow(t)
        return self.settle(t)

    def move(self, t: float, x: float, y: float, pressure: float | None) -> list[Sample]:
        """The pointer moved; while the hand is down (and not trembling) that is a sample."""
        self.at = (x, y)
        if pressure is not None:
            self.pressure = pressure
        out = self.pump(t)
        if self.on and self.wants_contact and not self.trembles:
            out.append(self._sample(t, True))
        elif self.taps and self.button and not self.on:  # a blow dragged on: the hand is in the air
            out.append(self._sample(t, False))
        return out

    def release(self, t: float, x: float, y: float) -> list[Sample]:
        self.button, self.at = False, (x, y)
        return self.settle(t)

    def set_lock(self, t: float, on: bool) -> list[Sample]:
        if self.at is None:
            return []
        if on and self.taps:
            return self._blow(t)  # in percussion C strikes one blow, as a click does
        self.lock = on
        return self.settle(t)

    def set_vibrate(self, t: float, held: bool) -> list[Sample]:
        if self.at is None:
            return []
        self.vibrate = held
        return self.settle(t)

    def end_phase(self, t: float) -> list[Sample]:
        """The phase's last blow ends now at the latest."""
        return self._flush(t, force=True)

    def begin_phase(self, technique: str) -> None:
        """A new phase, with no lift yet. A hand kept down carries on into it unless no control
        holds it there now (a button held or the lock on into percussion, where a press is a
        blow): then it comes up unrecorded, as the last phase ended; nothing is put down unasked."""
        self.technique = technique
        self._lifted = False
        if self.taps:
            self.lock = False
        if self.on and not self.wants_contact:
            self.on = False

    def lift_all(self, t: float) -> list[Sample]:
        """Every control lets go (a pause): the hand leaves the skin where it is."""
        self.button = self.lock = self.vibrate = False
        return self._flush(t, force=True) + self.settle(t)

    def stop(self, t: float) -> list[Sample]:
        """The drill ends: a blow's lift and the tremor up to `t`; a hand held down stays as it was last recorded."""
        out = self._flush(t, force=True) if self.on and self._tap_due is not None else self.pump(t)
        self.button = self.lock = self.vibrate = False
        return out

    def restore(self, sample: Sample) -> None:
        """A sample recorded before (an autosave fed back): the hand is where it left off."""
        if self.on and not sample.contact:
            self._lifted = True
        self.on = self.button = sample.contact
        self.at, self.last_t, self.pressure = (sample.x, sample.y), sample.t, sample.pressure

    # --- the samples ----------------------------------------------------------------

    def pump(self, t: float) -> list[Sample]:
        """The samples due by `t` with no event: a blow's lift, and the tremor's steady beat."""
        out = self._flush(t)
        if self.on and self.trembles and self.last_t is not None:
            out += [self._sample(s, True) for s in steady_times(self.last_t, t)]
        return out

    def settle(self, t: float) -> list[Sample]:
        """Put the hand down or lift it to match the controls."""
        out = self.pump(t)
        if self.at is None or self.wants_contact == self.on or self._tap_due is not None:
            return out  # (a blow lifts itself when it is due)
        if self.on:
            self._lifted = True
            return [*out, self._sample(t, False)]
        if self._lifted:  # it travelled through the air to here: that travel stays out of contact
            out.append(self._sample(t, False))
        return [*out, self._sample(t, True)]

    def _blow(self, t: float) -> list[Sample]:
        out = self._flush(t, force=True)
        if self._lifted:
            out.append(self._sample(t, False))
        out.append(self._sample(t, True))
        self._tap_due, self._tap_at = t + TAP_S, self.at
        return out

    def _flush(self, t: float, force: bool = False) -> list[Sample]:
        """A blow's lift, when it is due by `t` (or, forced, at `t` when the blow is cut short)."""
        due = self._tap_due
        if due is None or (due > t and not force):
            return []
        self._tap_due = None
        self._lifted = True
        at, self.at = self.at, self._tap_at  # lifted where it landed
        lift = self._sample(max(min(due, t), self.last_t or 0.0), False)
        self.at = at
        return [lift]

    def _sample(self, t: float, contact: bool) -> Sample:
        assert self.at is not None
        x, y = self.at
        if contact and self.trembles:
            dx, dy = tremor_offset(t)
            x, y = x + dx, y + dy
        if self.last_t is not None:
            t = max(t, self.last_t)  # a clock never runs back, but be sure
        self.on, self.last_t = contact, t
        return Sample(t, x, y, contact, self.pressure if contact else 0.0)
