"""The player clock (ui/diagram/player.py): plain Python, driven by a hand-moved clock."""

import pytest

from massage_trainer.ui.diagram.player import SPEEDS, Change, Playback, nearest_speed
from tests.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_playback_runs_at_speed_and_loops(clock):
    p = Playback(10.0, loop=True, clock=clock)
    p.play()
    p.set_speed(2.0)
    clock.advance(1.0)
    assert p.tick() == pytest.approx(2.0)
    clock.advance(4.5)
    assert p.tick() == pytest.approx(1.0)  # 11 s wraps round a 10 s loop
    assert p.playing
    p.pause()
    clock.advance(5.0)
    assert p.tick() == pytest.approx(1.0)


def test_a_loop_keeps_its_time_over_many_rounds(clock):
    p = Playback(3.0, loop=True, clock=clock)
    p.play()
    for _ in range(1000):
        clock.advance(0.016)
        p.tick()
    assert p.position == pytest.approx((1000 * 0.016) % 3.0, abs=1e-9)


def test_playing_once_stops_at_the_end_and_replays_from_the_start(clock):
    p = Playback(3.0, loop=False, clock=clock)
    p.play()
    clock.advance(5.0)
    assert p.tick() == 3.0 and not p.playing and p.at_end
    p.play()
    assert p.position == 0.0 and p.playing


def test_a_recording_plays_between_its_own_start_and_end(clock):
    p = Playback(end=4.0, start=1.5, clock=clock)
    assert p.position == 1.5 and p.duration == pytest.approx(2.5)
    p.seek(0.0)
    assert p.position == 1.5
    p.seek(9.0)
    assert p.position == 4.0
    p.play()  # at the end: starts over from the start
    assert p.position == 1.5
    clock.advance(1.0)
    assert p.tick() == pytest.approx(2.5)


def test_the_speed_changes_only_the_time_still_to_play(clock):
    p = Playback(100.0, clock=clock)
    p.play()
    clock.advance(2.0)
    p.set_speed(0.5)  # no tick in between: the 2 s so far still count at 1x
    clock.advance(2.0)
    assert p.tick() == pytest.approx(3.0)
    with pytest.raises(ValueError):
        p.set_speed(0.0)


def test_faster_and_slower_walk_the_one_speed_list_and_stop_at_its_ends(clock):
    p = Playback(10.0, clock=clock)
    seen = [p.speed]
    for _ in range(len(SPEEDS) + 2):
        p.faster()
        seen.append(p.speed)
    assert seen[-1] == max(SPEEDS)
    assert sorted(set(seen)) == [s for s in SPEEDS if s >= 1.0]
    for _ in range(len(SPEEDS) + 2):
        p.slower()
    assert p.speed == min(SPEEDS)
    p.set_speed(1.1)  # a speed off the list walks from the nearest one on it
    p.faster()
    assert p.speed == SPEEDS[SPEEDS.index(nearest_speed(1.1)) + 1]


def test_step_pauses_and_moves_by_the_given_seconds(clock):
    p = Playback(10.0, clock=clock)
    p.play()
    clock.advance(4.0)
    p.step(-1.5)
    assert not p.playing and p.position == pytest.approx(2.5)
    p.step(100.0)
    assert p.position == 10.0


def test_seek_while_playing_plays_on_from_there(clock):
    p = Playback(10.0, clock=clock)
    p.play()
    clock.advance(3.0)
    p.seek(7.0)
    clock.advance(1.0)
    assert p.tick() == pytest.approx(8.0)


def test_a_new_clock_takes_over_from_where_the_player_is(clock):
    p = Playback(10.0, clock=clock)
    p.play()
    clock.advance(2.0)
    p.tick()
    other = FakeClock(start=50.0)
    p.set_clock(other)
    other.advance(1.0)
    assert p.tick() == pytest.approx(3.0)


def test_listeners_hear_each_change_once(clock):
    p = Playback(2.0, clock=clock)
    heard: list[Change] = []
    p.subscribe(heard.append)
    p.play()
    assert heard == [Change.PLAYING]
    clock.advance(0.5)
    p.tick()
    p.tick()  # no time passed: nothing to tell
    assert heard[1:] == [Change.POSITION]
    p.set_speed(2.0)
    assert heard[-1] == Change.SPEED
    clock.advance(5.0)
    p.tick()  # reaches the end and stops, in one change
    assert heard[-1] == Change.POSITION | Change.PLAYING and not p.playing
    p.load(5.0, loop=True, play=True)
    assert heard[-1] == Change.LOADED | Change.POSITION | Change.PLAYING
    p.unsubscribe(heard.append)
    p.pause()
    assert heard[-1] == Change.LOADED | Change.POSITION | Change.PLAYING
