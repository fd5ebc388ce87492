"""A phase's planned_s in the recording file (docs/recording-format.md): read, written, kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from massage_trainer.core.recording import (
    Phase,
    Recording,
    RecordingBuilder,
    RecordingError,
    load_recording,
    parse_recording,
    recording_to_dict,
    save_recording,
)
from massage_trainer.storage import Storage


def planned_data(*planned: Any) -> dict[str, Any]:
    """Two phases; each planned value given is set as that phase's planned_s."""
    data: dict[str, Any] = {"format": "massage-trainer/recording", "version": 1, "phases": [
        {"technique": "stroking", "samples": [{"t": 0.0, "x": 0.2, "y": 0.1}, {"t": 1.0, "x": 0.2, "y": 0.3}]},
        {"technique": "rubbing", "samples": [{"t": 1.5, "x": 0.2, "y": 0.3}, {"t": 2.5, "x": 0.3, "y": 0.3}]},
    ]}
    for phase, value in zip(data["phases"], planned, strict=False):
        phase["planned_s"] = value
    return data


def plan_recording(plans: tuple[float | None, ...] = (60.0, 0.1 + 0.2)) -> Recording:
    b = RecordingBuilder("stroking", planned_s=plans[0])
    for k in range(5):
        b.add(k * 0.1, 0.2, 0.1 + 0.05 * k, True, 0.5)
    b.start_phase("kneading", plans[1])
    for k in range(5, 9):
        b.add(k * 0.1, 0.25, 0.1 + 0.05 * k, k != 7, 0.6)
    return b.build()


def test_planned_s_is_read_into_the_phase() -> None:
    rec = parse_recording(planned_data(60, 37.5), "drill.json")
    assert [p.planned_s for p in rec.phases] == [60.0, 37.5]
    assert isinstance(rec.phases[0].planned_s, float)


def test_a_file_without_planned_s_stays_valid() -> None:
    rec = parse_recording(planned_data(45.0), "drill.json")  # the second phase has none
    assert [p.planned_s for p in rec.phases] == [45.0, None]
    assert "planned_s" not in recording_to_dict(rec)["phases"][1]


def test_planned_s_round_trips_exactly(tmp_path: Path) -> None:
    rec = plan_recording()
    path = tmp_path / "planned.json"
    save_recording(rec, path)
    back = load_recording(path)
    assert [p.planned_s for p in back.phases] == [60.0, 0.1 + 0.2]  # not rounded to 0.3
    assert back == rec
    assert parse_recording(recording_to_dict(rec), "x") == rec
    assert json.loads(path.read_text(encoding="utf-8")) == recording_to_dict(rec)


def test_planned_s_is_written_beside_the_technique(tmp_path: Path) -> None:
    path = tmp_path / "planned.json"
    save_recording(plan_recording((20.0, None)), path)
    phases = json.loads(path.read_text(encoding="utf-8"))["phases"]
    assert list(phases[0]) == ["technique", "planned_s", "samples"]
    assert phases[0]["planned_s"] == 20.0
    assert list(phases[1]) == ["technique", "samples"]  # no plan, no field


def test_a_numpy_planned_s_is_written_as_a_plain_number(tmp_path: Path) -> None:
    two = np.array([0.0, 0.5])
    phase = Phase("vibration", two, two + 0.2, two + 0.4, two < 1, two + 0.5, np.float64(12.5))
    path = tmp_path / "numpy.json"
    save_recording(Recording((phase,)), path)
    assert json.loads(path.read_text(encoding="utf-8"))["phases"][0]["planned_s"] == 12.5
    assert load_recording(path).phases[0].planned_s == 12.5


BAD_PLANS = [
    (0, "above 0"),
    (0.0, "above 0"),
    (-5.0, "above 0"),
    (-0.0, "above 0"),
    (float("nan"), "finite"),
    (float("inf"), "finite"),
    (10**400, "finite"),
    ("60", "expected a number"),
    (True, "expected a number"),
    (None, "expected a number"),
    ([60], "expected a number"),
    ({"s": 60}, "expected a number"),
]


@pytest.mark.parametrize(("value", "words"), BAD_PLANS)
def test_a_bad_planned_s_names_the_phase_and_the_field(value: Any, words: str) -> None:
    with pytest.raises(RecordingError) as info:
        parse_recording(planned_data(30.0, value), "drill.json")
    text = str(info.value)
    assert text.startswith("drill.json: phases[1].planned_s: "), text
    assert words in text and "\n" not in text


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_a_json_nan_planned_s_is_named_in_a_file(tmp_path: Path, literal: str) -> None:
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(planned_data(30.0)).replace("30.0", literal), encoding="utf-8")
    with pytest.raises(RecordingError, match=r"nan\.json: phases\[0\]\.planned_s: expected a finite"):
        load_recording(path)


def test_the_smallest_positive_plan_is_accepted() -> None:
    tiny = float(np.nextafter(0.0, 1.0))
    assert parse_recording(planned_data(tiny), "x").phases[0].planned_s == tiny


# ---------------------------------------------------------------- the autosave keeps it


@pytest.fixture
def storage(tmp_home: Path) -> Any:
    s = Storage.open()
    yield s
    s.close()


def test_the_autosave_keeps_each_phases_plan(storage: Any) -> None:
    ann = storage.learners.create("Ann")
    rec = plan_recording((90.0, 0.1 + 0.2))
    storage.in_progress.put(ann.id, "session", "2026-05-01T10:00:00+00:00", 1, 0.8, rec)
    saved = storage.in_progress.get(ann.id)
    assert saved is not None
    back = saved.recording()
    assert [p.planned_s for p in back.phases] == [90.0, 0.1 + 0.2]
    assert back == rec


def test_a_kept_run_keeps_each_phases_plan(storage: Any, body: Any) -> None:
    from massage_trainer.core.grading import grade

    ann = storage.learners.create("Ann")
    rec = plan_recording((30.0, None))
    run = storage.drills.save(ann.id, "session", "2026-05-01T10:00:00+00:00", rec, grade(rec, body))
    assert [p.planned_s for p in storage.drills.recording(run.id).phases] == [30.0, None]


def test_a_resumed_drill_has_the_plan_it_was_saved_with(content: Any, body: Any) -> None:
    from massage_trainer.core.drill import Drill
    from massage_trainer.core.drill_plans import drill_specs
    from massage_trainer.core.unfinished import resume_drill
    from tests.clock import FakeClock

    spec = next(s for s in drill_specs(content.techniques) if s.id == "session")
    clock = FakeClock()
    drill = Drill(spec, body, clock=clock)
    drill.start()
    for phase in range(2):
        drill.pointer_down(0.2, 0.1, 0.5)
        for k in range(1, 11):
            clock.advance(0.1)
            drill.pointer_move(0.2, 0.1 + 0.05 * k, 0.5)
        drill.pointer_up(0.2, 0.6)
        if phase == 0:
            drill.next_phase()
    saved = drill.snapshot()
    assert saved is not None
    recording = saved.build()
    # Through the database, as a crash would leave it, and back into a drill.
    text = json.dumps(recording_to_dict(recording))
    again = parse_recording(json.loads(text), "autosave")
    back = resume_drill(spec, body, again, drill.phase_index, drill.elapsed, FakeClock(100.0))
    mine, _ = back.finish()
    assert [p.planned_s for p in mine.phases] == [p.planned_s for p in recording.phases]
    assert mine == recording
