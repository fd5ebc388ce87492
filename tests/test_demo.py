"""Demonstration recordings: every hand of every animation keeps the rules, and grades clean."""

from __future__ import annotations

import json

import numpy as np
import pytest

from massage_trainer.cli import main
from massage_trainer.core.body import ZoneKind
from massage_trainer.core.demo import (
    DEMO_RATE,
    demo_recording,
    hand_recordings,
    session_recording,
)
from massage_trainer.core.grading import grade
from massage_trainer.core.recording import Recording, load_recording, save_recording
from massage_trainer.core.rules import WORKING_PRESSURE
from massage_trainer.core.technique_ids import (
    IMPACT_TECHNIQUES,
    KNEADING,
    PERCUSSION,
    RUBBING,
    STROKING,
    TECHNIQUE_IDS,
)
from massage_trainer.core.timeline import Tempo, Timeline


@pytest.fixture(scope="module")
def library(content):
    return content.techniques


def _every_hand(library, tempo):
    """(label, recording) for every hand of every technique and session animation."""
    out = []
    for technique in library:
        timeline = Timeline.for_technique(technique, loop=True, tempo=tempo)
        for hand, rec in enumerate(hand_recordings(timeline)):
            out.append((f"{technique.id} hand {hand} at {tempo} tempo", rec))
    for plan in library.plans:
        for hand, rec in enumerate(hand_recordings(Timeline.for_session(plan, library, tempo=tempo))):
            out.append((f"{plan.id} hand {hand} at {tempo} tempo", rec))
    return out


@pytest.fixture(scope="module")
def every_hand(library):
    """Every hand as recorded, at real tempo: what the demonstrations hold."""
    return _every_hand(library, Tempo.REAL)


@pytest.fixture(scope="module")
def every_drawn_hand(library):
    """Every hand as the animation draws it, slower."""
    return _every_hand(library, Tempo.DRAWN)


def test_no_hand_works_on_the_spine_or_presses_on_a_caution_zone_or_leaves_the_back(
        body, every_hand, every_drawn_hand) -> None:
    checked = 0
    for label, rec in every_hand + every_drawn_hand:
        for phase in rec.phases:
            xy = np.column_stack((phase.x, phase.y))
            touching = phase.contact
            spine = body.in_kind(ZoneKind.NO_WORK, xy)
            caution = body.in_kind(ZoneKind.CAUTION, xy)
            working = touching & (phase.pressure > WORKING_PRESSURE)
            assert not np.any(working & spine), f"{label}: works on the spine"
            assert not np.any(touching & ~body.on_working_area(xy)), f"{label}: off the back"
            if phase.technique in IMPACT_TECHNIQUES:
                assert not np.any(touching & spine), f"{label}: {phase.technique} on the spine"
                assert not np.any(working & caution), f"{label}: presses on a caution zone"
            checked += len(phase)
    assert checked > 10_000


@pytest.mark.parametrize("technique_id", TECHNIQUE_IDS)
def test_demo_recording_grades_with_no_violation(body, library, technique_id) -> None:
    rec = demo_recording(library[technique_id])
    report = grade(rec, body)
    assert report.violations == (), [v.message for v in report.violations]


@pytest.mark.parametrize("first_session", [True, False])
def test_session_recording_grades_with_no_violation(body, library, first_session) -> None:
    plan = library.session_plan(first_session)
    rec = session_recording(plan, library)
    report = grade(rec, body)
    assert report.violations == (), [v.message for v in report.violations]
    assert rec.first_session is first_session
    assert [p.technique for p in rec.phases] == [p.technique for p in plan.phases]


def test_every_hand_of_every_animation_grades_with_no_violation(body, every_hand) -> None:
    for label, rec in every_hand:
        report = grade(rec, body)
        assert report.violations == (), (label, [v.message for v in report.violations])


@pytest.mark.parametrize("technique_id", TECHNIQUE_IDS)
def test_demo_is_one_phase_at_sixty_hertz(library, technique_id) -> None:
    rec = demo_recording(library[technique_id])
    assert [p.technique for p in rec.phases] == [technique_id]
    assert not rec.first_session
    steps = np.diff(rec.phases[0].t)
    assert steps[:-1] == pytest.approx(1 / DEMO_RATE)
    assert 0 < steps[-1] <= 1 / DEMO_RATE + 1e-9  # the last sample is the very end
    timeline = Timeline.for_technique(library[technique_id])
    assert rec.duration == pytest.approx(timeline.duration)


@pytest.mark.parametrize("technique_id", [STROKING, RUBBING, KNEADING])
def test_contact_is_kept_throughout(library, technique_id) -> None:
    phase = demo_recording(library[technique_id]).phases[0]
    assert phase.contact.all()
    glides = phase.pressure <= WORKING_PRESSURE
    assert glides.any() and (~glides).any()  # it works, and glides back lightly


def test_percussion_lifts_between_taps(library) -> None:
    phase = demo_recording(library[PERCUSSION]).phases[0]
    assert phase.contact.any() and not phase.contact.all()
    assert np.all(phase.pressure[~phase.contact] == 0.0)


def test_hand_recordings_give_one_recording_per_hand(library) -> None:
    timeline = Timeline.for_session(library.session_plan(True), library)
    lead, other = hand_recordings(timeline)
    assert lead.phases[0].x == pytest.approx(-other.phases[0].x)
    assert lead.first_session and other.first_session
    assert sum(len(p) for p in lead.phases) == lead.sample_count
    # Phases follow each other in time, with nothing left out.
    t = np.concatenate([p.t for p in lead.phases])
    assert np.all(np.diff(t) > 0)
    assert t[-1] == pytest.approx(timeline.duration)


def test_demo_saves_and_loads(tmp_path, library) -> None:
    rec = demo_recording(library[RUBBING])
    path = tmp_path / "rubbing.json"
    save_recording(rec, path)
    assert load_recording(path) == rec


# ---------------------------------------------------------------- the command


def test_cli_demo_technique(tmp_path, capsys, body) -> None:
    out = tmp_path / "kneading.json"
    assert main(["demo", "--technique", "kneading", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "massage-trainer/recording" and data["version"] == 1
    assert [p["technique"] for p in data["phases"]] == [KNEADING]
    rec = load_recording(out)
    assert isinstance(rec, Recording)
    assert grade(rec, body).violations == ()
    assert capsys.readouterr().out.strip() == str(out)


def test_cli_demo_accepts_the_other_name(tmp_path) -> None:
    out = tmp_path / "effleurage.json"
    assert main(["demo", "--technique", "Effleurage", "--out", str(out)]) == 0
    assert load_recording(out).phases[0].technique == STROKING


@pytest.mark.parametrize("first_session", [True, False])
def test_cli_demo_session(tmp_path, first_session) -> None:
    out = tmp_path / "session.json"
    argv = ["demo", "--session", "--out", str(out)] + (["--first-session"] if first_session else [])
    assert main(argv) == 0
    rec = load_recording(out)
    assert rec.first_session is first_session
    assert rec.phases[0].technique == STROKING == rec.phases[-1].technique
    assert len(rec.phases) == 6


def test_cli_demo_unknown_technique(tmp_path, capsys) -> None:
    out = tmp_path / "x.json"
    assert main(["demo", "--technique", "shiatsu", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "shiatsu" in lines[0]
    assert all(name in lines[0] for name in TECHNIQUE_IDS)
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_cli_demo_first_session_needs_session(tmp_path, capsys) -> None:
    assert main(["demo", "--technique", "rubbing", "--first-session",
                 "--out", str(tmp_path / "x.json")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_cli_demo_unwritable_output(tmp_path, capsys) -> None:
    out = tmp_path / "missing-folder" / "x.json"
    assert main(["demo", "--technique", "rubbing", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
