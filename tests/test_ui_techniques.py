"""The Techniques screen, driven through real widgets with a hand-driven clock (no sleeping)."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollBar

from massage_trainer.ui.diagram.player import SPEEDS
from massage_trainer.ui.techniques.screen import TechniquesScreen
from tests.gui_helpers import FakeClock, pixel_at


def hands_painted(screen: TechniquesScreen) -> list[bool]:
    """For each hand of the frame showing: is the diagram's pixel under it the theme's demonstration colour?"""
    diagram = screen.diagram
    image = diagram.grab().toImage()
    frame = screen.current_frame()
    assert frame is not None
    return [pixel_at(image, diagram, hand.x, hand.y) == diagram.theme.color("demo") for hand in frame.hands]


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def screen(window, qtbot, clock) -> TechniquesScreen:
    qtbot.mouseClick(window.rail.buttons["techniques"], Qt.MouseButton.LeftButton)
    assert window.current_screen() == "techniques"
    s = window.screens["techniques"]
    s.set_clock(clock)
    return s


# ---------------------------------------------------------------- the screen


def test_opening_the_screen_plays_stroking_with_both_names(screen, clock):
    panel = screen.demo_page.technique_panel
    assert screen.technique.id == "stroking"
    assert screen.playback.playing and screen.timer.isActive()
    assert panel.title.text() == "Stroking"
    assert "effleurage" in panel.other_name.text()
    assert screen.technique.purpose in panel.purpose.text()
    assert "palm" in panel.how.text()
    screen.seek(screen.timeline.movement_starts[0] + 1.0)  # mid-stroke: both hands at work, drawn filled
    assert hands_painted(screen) == [True, True]


def test_play_pause_and_speed_follow_the_clock(screen, qtbot, clock):
    screen.go_to_start()
    screen.tick()
    assert screen.playback.position == pytest.approx(0.0)
    clock.advance(1.0)
    screen.tick()
    assert screen.playback.position == pytest.approx(1.0)

    screen.set_speed(2.0)
    assert screen.controls.speed_box.currentText() == "2×"
    clock.advance(1.0)
    screen.tick()
    assert screen.playback.position == pytest.approx(3.0)  # 1 s at 2x is 2 s of animation

    qtbot.mouseClick(screen.controls.play_button, Qt.MouseButton.LeftButton)
    assert not screen.playback.playing and not screen.timer.isActive()
    assert "Play" in screen.controls.play_button.text()
    clock.advance(5.0)
    screen.tick()
    assert screen.playback.position == pytest.approx(3.0)
    qtbot.mouseClick(screen.controls.play_button, Qt.MouseButton.LeftButton)
    assert screen.playback.playing and screen.timer.isActive()
    assert "Pause" in screen.controls.play_button.text()


def test_step_moves_between_movements_and_the_caption_follows(screen, qtbot, clock):
    timeline = screen.timeline
    technique = screen.technique
    screen.pause()
    screen.go_to_start()
    assert technique.movements[0].caption in screen.demo_page.caption.text()
    qtbot.mouseClick(screen.controls.next_button, Qt.MouseButton.LeftButton)
    assert screen.playback.position == pytest.approx(timeline.movement_starts[1])
    assert technique.movements[1].caption in screen.demo_page.caption.text()
    assert "2 of 5" in screen.demo_page.caption.text()
    assert screen.current_frame().movement_index == 1
    screen.step_next()
    assert technique.movements[2].caption in screen.demo_page.caption.text()
    # Mid-stroke, "previous" goes back to the start of that stroke, then to the one before.
    screen.seek(timeline.movement_starts[2] + 1.0)
    screen.step_previous()
    assert screen.playback.position == pytest.approx(timeline.movement_starts[2])
    qtbot.mouseClick(screen.controls.previous_button, Qt.MouseButton.LeftButton)
    assert screen.playback.position == pytest.approx(timeline.movement_starts[1])
    # Between strokes the caption is the glide's, while playing on.
    screen.seek(timeline.segments[1].start + 0.1)
    assert screen.demo_page.caption.text() == technique.glide.caption
    qtbot.mouseClick(screen.controls.start_button, Qt.MouseButton.LeftButton)
    assert screen.playback.position == 0.0


def test_the_caption_follows_the_movement_while_playing(screen, clock):
    timeline = screen.timeline
    screen.go_to_start()
    seen: list[str] = []
    for _ in range(round(timeline.duration * 10) - 1):  # once round, stopping short of the loop's restart
        clock.advance(0.1)
        screen.tick()
        if not seen or seen[-1] != screen.demo_page.caption.text():
            seen.append(screen.demo_page.caption.text())
    captions = [m.caption for m in screen.technique.movements]
    working = [c for c in seen if screen.technique.glide.caption not in c]
    # Each movement on one side, then (after a glide across) on the other.
    assert [next(m for m in captions if m in c) for c in working] == [
        c for c in captions for _side in range(2)]


def test_the_scrubber_seeks(screen, qtbot):
    screen.pause()
    screen.controls.scrubber.setValue(50)
    assert screen.playback.position == pytest.approx(5.0)
    assert screen.controls.time_label.text().startswith("0:05.0")
    screen.seek(7.3)
    assert screen.controls.scrubber.value() == 73  # in tenths of a second
    assert screen.controls.time_label.text().startswith("0:07.3")
    assert screen.playback.position == pytest.approx(7.3)  # moving the slider to show it seeks nothing


def test_keyboard_drives_the_animation(screen, qtbot, clock):
    win = screen.window()
    timeline = screen.timeline
    screen.go_to_start()
    assert screen.playback.playing
    qtbot.keyClick(win, Qt.Key.Key_Space)
    assert not screen.playback.playing
    qtbot.keyClick(win, Qt.Key.Key_Space)
    assert screen.playback.playing
    qtbot.keyClick(win, Qt.Key.Key_Space)
    qtbot.keyClick(win, Qt.Key.Key_Right)
    assert screen.playback.position == pytest.approx(timeline.movement_starts[1])
    qtbot.keyClick(win, Qt.Key.Key_Right)
    qtbot.keyClick(win, Qt.Key.Key_Left)
    assert screen.playback.position == pytest.approx(timeline.movement_starts[1])
    qtbot.keyClick(win, Qt.Key.Key_Home)
    assert screen.playback.position == 0.0
    start = screen.controls.speed_box.currentIndex()
    qtbot.keyClick(win, Qt.Key.Key_Plus)
    qtbot.keyClick(win, Qt.Key.Key_BracketRight)
    assert screen.playback.speed == SPEEDS[start + 2]
    qtbot.keyClick(win, Qt.Key.Key_Minus)
    qtbot.keyClick(win, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(win, Qt.Key.Key_BracketLeft)
    assert screen.playback.speed == SPEEDS[start - 1]
    # "+" as a US keyboard sends it (with Shift), and the keypad's minus.
    qtbot.keyClick(win, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert screen.playback.speed == SPEEDS[start]
    qtbot.keyClick(win, Qt.Key.Key_Minus, Qt.KeyboardModifier.KeypadModifier)
    assert screen.playback.speed == SPEEDS[start - 1]
    for _ in range(10):
        qtbot.keyClick(win, Qt.Key.Key_Minus)
    assert screen.playback.speed == 0.25
    qtbot.keyClick(win, Qt.Key.Key_3)
    assert screen.technique.id == "kneading"
    assert screen.tabs.currentIndex() == 2
    qtbot.keyClick(win, Qt.Key.Key_S)
    assert screen.mode == "session" and screen.first_session
    qtbot.keyClick(win, Qt.Key.Key_S)
    assert screen.mode == "session" and not screen.first_session
    qtbot.keyClick(win, Qt.Key.Key_T)
    assert screen.mode == "types" and screen.pages.currentWidget() is screen.types_view
    assert not screen.timer.isActive()
    qtbot.keyClick(win, Qt.Key.Key_1)
    assert screen.technique.id == "stroking" and screen.mode == "technique"
    assert screen.timer.isActive()


def test_keys_work_with_the_focus_on_the_diagram(screen, qtbot):
    screen.diagram.setFocus()
    screen.pause()
    screen.go_to_start()
    qtbot.keyClick(screen.diagram, Qt.Key.Key_Right)
    assert screen.playback.position == pytest.approx(screen.timeline.movement_starts[1])
    qtbot.keyClick(screen.diagram, Qt.Key.Key_Space)
    assert screen.playback.playing


def test_each_tab_names_the_key_that_chooses_it(screen, qtbot):
    hints = screen.demo_page.key_hints.text()
    for i in range(screen.tabs.count()):
        key = screen.tabs.tabText(i).split()[0]
        qtbot.keyClick(screen.window(), key)
        assert screen.tabs.currentIndex() == i, key
        assert key in hints or (key.isdigit() and "1–5" in hints)


def test_each_button_names_the_key_that_does_the_same(screen, qtbot):
    win = screen.window()
    controls = screen.controls
    screen.pause()
    screen.seek(0.3)
    qtbot.mouseClick(controls.next_button, Qt.MouseButton.LeftButton)
    by_click = screen.playback.position
    screen.seek(0.3)
    assert "(→)" in controls.next_button.text()
    qtbot.keyClick(win, Qt.Key.Key_Right)
    assert screen.playback.position == by_click > 0.3
    assert "(←)" in controls.previous_button.text()
    qtbot.keyClick(win, Qt.Key.Key_Left)
    assert screen.playback.position < by_click
    assert "(Home)" in controls.start_button.text()
    qtbot.keyClick(win, Qt.Key.Key_Home)
    assert screen.playback.position == 0.0
    assert controls.play_button.text() == "Play (Space)"
    qtbot.keyClick(win, Qt.Key.Key_Space)
    assert screen.playback.playing and controls.play_button.text() == "Pause (Space)"


def test_switching_technique_restarts_it_playing(screen, qtbot, clock):
    clock.advance(3.0)
    screen.tick()
    screen.pause()
    assert screen.playback.position == pytest.approx(3.0)
    qtbot.mouseClick(screen.tabs, Qt.MouseButton.LeftButton, pos=screen.tabs.tabRect(3).center())
    assert screen.technique.id == "percussion"
    assert screen.playback.position == 0.0 and screen.playback.playing
    panel = screen.demo_page.technique_panel
    assert panel.title.text() == "Percussion" and "tapotement" in panel.other_name.text()
    assert screen.technique.movements[0].caption in screen.demo_page.caption.text()
    assert screen.current_frame().t == 0.0


def test_session_view_runs_from_stroking_to_stroking(screen, qtbot, clock, content):
    qtbot.keyClick(screen.window(), Qt.Key.Key_S)
    assert screen.demo_page.phase_bar.isVisible() and screen.demo_page.session_panel.isVisible()
    assert not screen.demo_page.technique_panel.isVisible()
    phases = screen.timeline.phases
    assert phases[0].technique == "stroking" and phases[-1].technique == "stroking"
    assert [s.name for s in screen.demo_page.phase_bar.spans] == [p.name for p in phases]
    assert "begins and ends with stroking" in screen.demo_page.session_panel.order_note.text()
    assert "more intense" in screen.demo_page.session_panel.order_note.text()
    assert screen.demo_page.phase_bar.notes[-1].endswith("firmer")
    plan = content.techniques.session_plan(first_session=True)
    assert plan.total_minutes <= 15
    assert "15" in screen.demo_page.session_panel.plan_buttons[True].text()
    assert screen.demo_page.phase_bar.current == 0
    # Play on into the second phase: the bar and the caption follow.
    clock.advance(phases[1].start + 1.0)
    screen.tick()
    assert screen.demo_page.phase_bar.current == 1
    assert screen.demo_page.caption.text().startswith(phases[1].name)
    assert "Now: Rubbing" in screen.demo_page.session_panel.now_title.text()
    # Clicking a phase jumps to it; the regular plan is the other radio button.
    screen.go_to_phase(len(phases) - 1)
    assert screen.demo_page.phase_bar.current == len(phases) - 1
    regular = screen.demo_page.session_panel.plan_buttons[False]
    qtbot.mouseClick(regular, Qt.MouseButton.LeftButton, pos=QPoint(8, regular.height() // 2))
    assert not screen.first_session and screen.playback.position == 0.0
    assert screen.timeline.duration > phases[-1].end
    # A session plays once: at its end it stops.
    clock.advance(screen.timeline.duration + 5)
    screen.tick()
    assert not screen.playback.playing and not screen.timer.isActive()
    assert screen.playback.position == screen.timeline.duration


def test_types_cards_cover_every_type_with_specialist_badges(screen, qtbot, content):
    qtbot.mouseClick(screen.tabs, Qt.MouseButton.LeftButton, pos=screen.tabs.tabRect(6).center())
    assert screen.mode == "types"
    view = screen.types_view
    types = content.reference.massage_types
    assert [c.kind.id for c in view.cards] == [t.id for t in types if t.group == "relaxing"] + \
        [t.id for t in types if t.group != "relaxing"]
    assert {t.id for t in types} >= {"relaxing", "honey", "classic", "acupressure", "cupping", "vibration",
                                     "hardware", "sports", "therapeutic"}
    for kind in types:
        card = view.card(kind.id)
        assert card.title.text() == kind.name
        assert kind.purpose in card.purpose.text() or kind.purpose[:40] in card.purpose.text()
        assert kind.cautions[:30] in card.cautions.text()
        assert (card.badge is not None) == kind.specialist_only
        if card.badge is not None:
            assert card.badge.text() == "Specialist only" and card.badge.isVisible()


def test_the_timer_stops_when_leaving_the_screen(window, screen, qtbot, clock):
    assert screen.timer.isActive()
    screen.seek(screen.timeline.movement_starts[0] + 1.0)
    assert hands_painted(screen) == [True, True]
    qtbot.mouseClick(window.rail.buttons["atlas"], Qt.MouseButton.LeftButton)
    assert not screen.timer.isActive()
    assert hands_painted(screen) == [False, False]  # the Atlas shows the diagram without the animation
    assert screen.diagram.landmarks_visible()
    # Shortcuts belong to the screen: on the Atlas, its keys do nothing to the animation.
    before = screen.playback.position
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_3)
    assert screen.playback.position == before and screen.technique.id == "stroking"
    qtbot.mouseClick(window.rail.buttons["techniques"], Qt.MouseButton.LeftButton)
    assert screen.timer.isActive()
    screen.pause()
    screen.seek(screen.timeline.movement_starts[0] + 1.0)
    assert hands_painted(screen) == [True, True]


def test_the_layer_repaints_only_around_the_hands(screen, clock):
    screen.seek(1.0)
    diagram = screen.diagram
    for rect in screen.layer.dirty_bounds():
        widget_rect = diagram.transform().mapRect(rect)
        assert widget_rect.width() < diagram.width() / 3
        assert widget_rect.height() < diagram.height() / 2


def test_pressure_glide_and_lift_are_drawn_differently(screen, qtbot):
    layer = screen.layer
    timeline = screen.timeline
    screen.seek(timeline.segments[0].start + 2.0)  # mid-stroke, working pressure
    assert layer.hand_styles() == ("work", "work")
    working = layer.hand_radii()[0]
    screen.seek(timeline.segments[1].start + 0.5)  # gliding back
    assert layer.hand_styles() == ("glide", "glide")
    assert layer.hand_radii()[0] < working
    qtbot.keyClick(screen.window(), Qt.Key.Key_4)  # percussion: the hands lift between taps
    screen.pause()
    styles = set()
    for i in range(12):
        screen.seek(0.5 + i / 24)
        styles.update(layer.hand_styles())
    assert styles == {"work", "lifted"}
    # On the diagram: a hand at work is a filled disc, a lifted one a hollow ring the back shows through.
    seen = set()
    for i in range(12):
        screen.seek(0.5 + i / 24)
        seen.add((layer.hand_styles()[0], hands_painted(screen)[0]))
    assert seen == {("work", True), ("lifted", False)}
    # Above 1x the taps would flash faster than 3 a second: the lifts are drawn steady.
    screen.set_speed(2.0)
    styles = set()
    for i in range(12):
        screen.seek(0.5 + i / 24)
        styles.update(layer.hand_styles())
    assert styles == {"work"}


def test_screenshot_prepares_a_paused_frame(screen):
    from argparse import Namespace

    screen.prepare_screenshot(Namespace(technique="kneading", at=2.5))
    assert screen.technique.id == "kneading" and not screen.playback.playing
    assert screen.current_frame().t == pytest.approx(2.5)
    screen.prepare_screenshot(Namespace(technique=None, at=None, view="session", session=True))
    assert screen.mode == "session" and 0 < screen.playback.position < screen.timeline.duration
    screen.prepare_screenshot(Namespace(technique=None, at=None, view="types", session=False))
    assert screen.mode == "types"


@pytest.mark.parametrize("argv", [
    ["--screen", "techniques", "--technique", "kneading", "--at", "2.5"],
    ["--screen", "techniques"],
    ["--screen", "session"],
    ["--screen", "types"],
])
def test_the_screenshot_command_renders_each_view(tmp_path, argv):
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "massage_trainer", "screenshot", *argv, "--size", "1366x768",
                             "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)


def test_the_screenshot_command_names_an_unknown_technique(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "massage_trainer", "screenshot", "--screen", "techniques",
                             "--technique", "shiatsu", "--out", str(tmp_path / "x.png")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "unknown technique 'shiatsu'" in result.stderr and "Traceback" not in result.stderr


def test_plus_equals_and_minus_change_the_speed_one_step_each_and_nothing_else(screen, qtbot):
    win = screen.window()
    screen.pause()
    screen.seek(screen.timeline.movement_starts[1])
    before = (screen.mode, screen.technique.id, screen.playback.position, screen.playback.playing)
    shift, keypad = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier
    presses = [  # (key, modifiers, steps): "+" as a US keyboard types it (Shift+=), then as other keyboards do
        (Qt.Key.Key_Plus, shift, 1), (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier, 1),
        (Qt.Key.Key_Plus, keypad, 1), (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier, 1),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier, -1), (Qt.Key.Key_Underscore, shift, -1),
        (Qt.Key.Key_Minus, keypad, -1),
    ]
    screen.set_speed(0.5)
    for key, modifiers, steps in presses:
        start = SPEEDS.index(screen.playback.speed)
        qtbot.keyClick(win, key, modifiers)
        assert screen.playback.speed == SPEEDS[start + steps], (key, modifiers)
        assert screen.controls.speed_box.currentText() == f"{SPEEDS[start + steps]:g}×"
        assert (screen.mode, screen.technique.id, screen.playback.position, screen.playback.playing) == before


def test_no_key_means_two_things_on_the_techniques_screen(screen):
    # A platform may report Shift+= both as "+" and as "Shift++": a key is the same with or without Shift.
    owner: dict[tuple[int, int], int] = {}
    for i, shortcut in enumerate(screen.shortcuts):
        for sequence in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            combo = sequence[0]
            name = (combo.key().value, combo.keyboardModifiers().value & ~Qt.KeyboardModifier.ShiftModifier.value)
            assert owner.setdefault(name, i) == i, sequence.toString()


def _scrolled_to_the_end(screen, qtbot) -> QScrollBar:
    screen.window().resize(1000, 520)  # short: the side panel scrolls
    bar = screen.demo_page.panel.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    return bar


def test_switching_technique_shows_its_panel_from_the_top(screen, qtbot):
    bar = _scrolled_to_the_end(screen, qtbot)
    qtbot.keyClick(screen.window(), Qt.Key.Key_3)
    assert screen.technique.id == "kneading"
    assert bar.value() == 0
    panel = screen.demo_page.technique_panel
    assert panel.title.visibleRegion().boundingRect().height() == panel.title.height()


def test_switching_plan_keeps_the_plan_choice_in_view(screen, qtbot):
    qtbot.keyClick(screen.window(), Qt.Key.Key_S)
    bar = _scrolled_to_the_end(screen, qtbot)
    assert bar.value() > 0
    qtbot.keyClick(screen.window(), Qt.Key.Key_S)
    assert not screen.first_session
    regular = screen.demo_page.session_panel.plan_buttons[False]
    assert regular.isChecked()
    assert regular.visibleRegion().boundingRect().height() == regular.height()


def test_the_whole_session_says_it_is_condensed_with_the_plans_real_length(screen, qtbot, content):
    note = screen.demo_page.condensed_note
    assert not note.isVisible()  # a single technique plays at its real tempo
    qtbot.keyClick(screen.window(), Qt.Key.Key_S)
    first = content.techniques.session_plan(first_session=True)
    minutes = sum(phase.minutes for phase in first.phases)
    assert note.isVisible()
    assert "each stage shown once, shortened" in note.text()
    assert f"a real first session takes {minutes:g} min" in note.text()
    assert screen.timeline.duration < minutes * 60 / 2  # the animation really is much shorter
    qtbot.keyClick(screen.window(), Qt.Key.Key_S)
    regular = content.techniques.session_plan(first_session=False)
    assert f"a real regular session takes {sum(p.minutes for p in regular.phases):g} min" in note.text()
    qtbot.keyClick(screen.window(), Qt.Key.Key_2)
    assert not note.isVisible()
