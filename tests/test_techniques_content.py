"""assets/techniques.yaml: the content, and every way a broken copy of it is refused."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from massage_trainer.content import Problem, check_content, load_content
from massage_trainer.core.body import ZoneKind
from massage_trainer.core.rules import FIRST_SESSION_LIMIT_MIN, WORKING_PRESSURE
from massage_trainer.core.technique_ids import TECHNIQUE_IDS
from massage_trainer.core.techniques import (
    GLIDE_MAX_PRESSURE,
    IMPACT_CLEARANCE,
    MAX_DRAWN_HZ,
    PatternKind,
)
from massage_trainer.core.timeline import Timeline
from massage_trainer.resources import assets_dir

OTHER_NAMES = {"stroking": "effleurage", "rubbing": "friction", "kneading": "petrissage",
               "percussion": "tapotement", "vibration": "vibration"}

Data = dict[str, Any]


# ---------------------------------------------------------------- the content itself


def test_every_technique_is_there_with_its_other_name(content) -> None:
    library = content.techniques
    assert library.ids == TECHNIQUE_IDS
    for technique in library:
        assert technique.other_name == OTHER_NAMES[technique.id]
        assert library.find(technique.other_name) is technique
        assert library.find(technique.name.upper()) is technique
        for text in (technique.name, technique.purpose, technique.how, technique.hands,
                     technique.tempo, technique.glide.caption):
            assert text.strip()
        assert technique.movements
        assert technique.glide.pressure <= GLIDE_MAX_PRESSURE
    assert library.find("shiatsu") is None
    assert library.get("shiatsu") is None
    with pytest.raises(KeyError):
        library["shiatsu"]


def test_movements_are_well_formed(content) -> None:
    for technique in content.techniques:
        for movement in technique.movements:
            assert movement.caption and movement.seconds > 0 and movement.length > 0
            fractions = [f for f, _ in movement.pressure]
            assert fractions[0] == 0.0 and fractions[-1] == 1.0
            if movement.pattern is not None:
                assert movement.pattern.frequency <= MAX_DRAWN_HZ


def test_the_paths_follow_the_techniques(content) -> None:
    lib = content.techniques
    # Rubbing works from the spine out, in zigzags or small circles.
    for m in lib["rubbing"].movements:
        assert abs(m.path[-1][0]) > abs(m.path[0][0])
        assert m.pattern is not None
        assert m.pattern.kind in (PatternKind.ZIGZAG, PatternKind.CIRCLES)
    # Kneading creeps from the waist up toward the neck.
    for m in lib["kneading"].movements:
        assert m.path[-1][1] - m.path[0][1] > 0.5
    # Percussion taps (lifting between taps), on the sides of the back.
    for m in lib["percussion"].movements:
        assert m.pattern is not None and m.pattern.kind == PatternKind.TAPS
        assert all(0.17 <= abs(x) <= 0.34 for x, _ in m.path)
    for m in lib["vibration"].movements:
        assert m.pattern is not None and m.pattern.kind == PatternKind.OSCILLATION


def test_session_plans(content) -> None:
    lib = content.techniques
    first, regular = lib.session_plan(True), lib.session_plan(False)
    assert first.first_session and not regular.first_session
    assert first.total_minutes <= FIRST_SESSION_LIMIT_MIN
    assert regular.total_minutes > first.total_minutes
    classic = ["stroking", "rubbing", "kneading", "percussion", "vibration", "stroking"]
    for plan in (first, regular):
        assert [p.technique for p in plan.phases] == classic
        assert plan.begins_and_ends_with_stroking
        assert plan.phases[-1].intensity[0] > plan.phases[0].intensity[0]
        assert all(1 <= p.cycles <= 2 for p in plan.phases)
    assert lib.plan("first-session") is first
    with pytest.raises(KeyError):
        lib.plan("marathon")


# ---------------------------------------------------------------- broken copies


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[Callable[[Data], object]], list[Problem]]:
    """Copy the assets, change techniques.yaml with the function given, and check the copy."""
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    target = folder / "techniques.yaml"

    def check(change: Callable[[Data], object]) -> list[Problem]:
        data = yaml.safe_load(target.read_text(encoding="utf-8"))
        change(data)
        target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return check_content(folder)

    return check


def tech(data: Data, technique_id: str) -> Data:
    found: Data = next(t for t in data["techniques"] if t["id"] == technique_id)
    return found


def move(data: Data, technique_id: str, index: int) -> Data:
    movement: Data = tech(data, technique_id)["movements"][index]
    return movement


def first_plan(data: Data) -> Data:
    plan: Data = data["session_plans"][0]
    return plan


def _set(obj: Data, key: str, value: object) -> Data:
    obj[key] = value
    return obj


# (what is broken, the change, the field named, words in the message)
BROKEN: list[tuple[str, Callable[[Data], object], str, str]] = [
    ("point off the working area",
     lambda d: move(d, "kneading", 0)["path"].__setitem__(1, [0.5, 0.4]),
     "techniques[2].movements[0].path[1]", "point (0.5, 0.4) is off the working area"),
    ("point above C7",
     lambda d: move(d, "stroking", 0)["path"].__setitem__(1, [0.1, 1.05]),
     "techniques[0].movements[0].path[1]", "off the working area"),
    ("working point on the spine",
     lambda d: _set(move(d, "stroking", 0), "path", [[0.1, 0.1], [0.02, 0.5], [0.1, 0.9]]),
     "techniques[0].movements[0].path[1]", "spine zone at working pressure 0.50"),
    ("a pattern that reaches the spine",
     lambda d: (_set(move(d, "rubbing", 0), "path", [[0.07, 0.2], [0.07, 0.6]]),
                _set(move(d, "rubbing", 0), "pattern",
                     {"kind": "circles", "radius": 0.04, "frequency": 2.0})),
     "techniques[1].movements[0]", "with its circles pattern, the leading hand reaches"),
    ("percussion pressing on a kidney",
     lambda d: _set(move(d, "percussion", 2), "path", [[0.26, 0.46], [0.15, 0.25], [0.26, 0.08]]),
     "techniques[3].movements[2].path[1]", "presses at 0.45 on the right kidney area"),
    ("vibration touching the spine, even lightly",
     lambda d: move(d, "vibration", 0)["path"].__setitem__(0, [0.03, 0.08]),
     "techniques[4].movements[0].path[0]", "vibration must not touch the spine at all"),
    ("percussion tapping its way across the spine",
     lambda d: _set(move(d, "percussion", 0), "path", [[0.2, 0.9], [-0.2, 0.9]]),
     "techniques[3].movements[0]", "with its taps pattern, the leading hand reaches"),
    ("unknown technique id",
     lambda d: _set(d["techniques"][0], "id", "shiatsu"),
     "techniques[0].id", "must be one of stroking, rubbing"),
    ("a technique twice",
     lambda d: _set(d["techniques"][4], "id", "stroking"),
     "techniques[4].id", "'stroking' is used twice"),
    ("a technique missing",
     lambda d: d["techniques"].pop(4),
     "techniques", "the technique 'vibration' is missing"),
    ("session not beginning with stroking",
     lambda d: _set(first_plan(d)["phases"][0], "technique", "rubbing"),
     "session_plans[0].phases", "must begin and end with stroking"),
    ("session not ending with stroking",
     lambda d: _set(first_plan(d)["phases"][-1], "technique", "vibration"),
     "session_plans[0].phases", "from stroking to vibration"),
    ("first session over 15 minutes",
     lambda d: _set(first_plan(d)["phases"][2], "minutes", 9),
     "session_plans[0].phases", "15 minutes at most (rule 8); these phases total 20"),
    ("closing stroking no firmer than the opening",
     lambda d: _set(first_plan(d)["phases"][-1], "intensity", [0.6, 0.6]),
     "session_plans[0].phases[5].intensity", "must be firmer than the opening one"),
    ("an intensity that presses too hard for a caution zone",
     lambda d: (_set(move(d, "percussion", 2), "pressure", [[0.0, 0.25], [1.0, 0.25]]),
                _set(move(d, "percussion", 2), "path", [[0.26, 0.46], [0.15, 0.25]]),
                _set(first_plan(d)["phases"][3], "intensity", 1.5)),
     "session_plans[0].phases[3]", "presses at 0.38 on the right kidney area"),
    ("unknown technique in a plan",
     lambda d: _set(first_plan(d)["phases"][1], "technique", "cupping"),
     "session_plans[0].phases[1].technique", "found 'cupping'"),
    ("no first-session plan",
     lambda d: _set(first_plan(d), "first_session", False),
     "session_plans", "needs a plan with first_session: true"),
    ("negative seconds",
     lambda d: _set(move(d, "stroking", 0), "seconds", -1),
     "techniques[0].movements[0].seconds", "must be at least 0.5"),
    ("seconds as text",
     lambda d: _set(move(d, "stroking", 0), "seconds", "slow"),
     "techniques[0].movements[0].seconds", "expected a number"),
    ("seconds not finite",
     lambda d: _set(move(d, "stroking", 0), "seconds", float("nan")),
     "techniques[0].movements[0].seconds", "finite"),
    ("pressure above 1",
     lambda d: move(d, "stroking", 0)["pressure"].__setitem__(1, [0.15, 1.5]),
     "techniques[0].movements[0].pressure[1][1]", "must be at most 1.0"),
    ("pressure fractions going back",
     lambda d: move(d, "stroking", 0)["pressure"].__setitem__(2, [0.1, 0.5]),
     "techniques[0].movements[0].pressure[2][0]", "fractions must increase"),
    ("pressure profile not covering the path",
     lambda d: move(d, "stroking", 0)["pressure"].pop(),
     "techniques[0].movements[0].pressure", "run from 0"),
    ("a pattern too fast to draw",
     lambda d: _set(move(d, "rubbing", 0)["pattern"], "frequency", 5),
     "techniques[1].movements[0].pattern.frequency", "too fast to draw"),
    ("taps too fast to draw",
     lambda d: _set(move(d, "percussion", 0)["pattern"], "rate", 6),
     "techniques[3].movements[0].pattern.rate", "more than 3 times a second"),
    ("a real tremor faster than a hand",
     lambda d: _set(move(d, "vibration", 0)["pattern"], "real_frequency", 20),
     "techniques[4].movements[0].pattern.real_frequency", "must be at most 12.0"),
    ("real taps faster than a hand",
     lambda d: _set(move(d, "percussion", 0)["pattern"], "real_rate", 15),
     "techniques[3].movements[0].pattern.real_rate", "must be at most 12.0"),
    ("a big real tremor",
     lambda d: _set(move(d, "vibration", 0)["pattern"], "real_amplitude", 0.05),
     "techniques[4].movements[0].pattern.real_amplitude", "must be at most 0.02"),
    ("vibration with too many places for its time",
     lambda d: move(d, "vibration", 2)["path"].__setitem__(
         slice(1, 1), [[0.24, 0.94], [0.27, 0.93]]),
     "techniques[4].movements[2].seconds", "too short for 4 places"),
    ("a big zigzag",
     lambda d: _set(move(d, "rubbing", 0)["pattern"], "amplitude", 0.2),
     "techniques[1].movements[0].pattern.amplitude", "must be at most 0.05"),
    ("unknown pattern",
     lambda d: _set(move(d, "rubbing", 0)["pattern"], "kind", "spiral"),
     "techniques[1].movements[0].pattern.kind", "must be one of zigzag"),
    ("a heavy glide",
     lambda d: _set(tech(d, "stroking")["glide"], "pressure", 0.3),
     "techniques[0].glide.pressure", "must be at most 0.2"),
    ("alternate with nothing to alternate",
     lambda d: _set(move(d, "stroking", 0), "other_hand", "alternate"),
     "techniques[0].movements[0].other_hand", "alternate needs a pattern"),
    ("a point of three numbers",
     lambda d: move(d, "stroking", 0)["path"].__setitem__(0, [0.1, 0.1, 0.1]),
     "techniques[0].movements[0].path[0]", "expected a point [x, y]"),
    ("a repeated point",
     lambda d: move(d, "stroking", 0)["path"].insert(1, [0.10, 0.04]),
     "techniques[0].movements[0].path[1]", "repeats the point before it"),
    ("an intensity out of range",
     lambda d: _set(first_plan(d)["phases"][0], "intensity", [3, 3]),
     "session_plans[0].phases[0].intensity[0]", "must be at most 1.5"),
    ("no cycles",
     lambda d: _set(first_plan(d)["phases"][0], "cycles", 0),
     "session_plans[0].phases[0].cycles", "must be at least 1"),
    ("no caption",
     lambda d: _set(move(d, "kneading", 1), "caption", "  "),
     "techniques[2].movements[1].caption", "must not be empty"),
]


@pytest.mark.parametrize(("change", "field", "words"), [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_a_broken_copy_is_refused(broken, change, field, words) -> None:
    problems = broken(change)
    assert problems, "the broken copy was accepted"
    named = [p for p in problems if p.field == field]
    assert named, [str(p) for p in problems]
    assert any(words in p.message for p in named), [str(p) for p in named]
    assert all(p.file.endswith("techniques.yaml") for p in named)


def test_the_message_names_file_field_and_point(broken) -> None:
    problems = broken(lambda d: move(d, "kneading", 0)["path"].__setitem__(1, [0.5, 0.4]))
    line = str(problems[0])
    assert line.startswith(str(Path("assets") / "techniques.yaml")) or "techniques.yaml: " in line
    assert "techniques.yaml: techniques[2].movements[0].path[1]: point (0.5, 0.4) is off the " \
           "working area" in line


def test_every_problem_is_reported_in_one_run(broken) -> None:
    def two_faults(d: Data) -> None:
        _set(move(d, "stroking", 0), "seconds", -1)
        _set(move(d, "kneading", 1), "other_hand", "sideways")

    fields = {p.field for p in broken(two_faults)}
    assert {"techniques[0].movements[0].seconds",
            "techniques[2].movements[1].other_hand"} <= fields


@pytest.mark.parametrize("change", [
    # Percussion may pass lightly (0.3 or less) over a caution zone.
    lambda d: (_set(move(d, "percussion", 2), "pressure", [[0.0, 0.25], [1.0, 0.25]]),
               _set(move(d, "percussion", 2), "path", [[0.26, 0.46], [0.15, 0.25]])),
    # A regular session may be longer than 15 minutes.
    lambda d: _set(d["session_plans"][1]["phases"][2], "minutes", 60),
    # A light glide across the spine is fine for stroking.
    lambda d: _set(move(d, "stroking", 1), "path", [[-0.14, 0.04], [-0.14, 0.92]]),
    # The recordings' real tempo is never drawn: it may be faster than 3 a second.
    lambda d: (_set(move(d, "vibration", 0)["pattern"], "real_frequency", 10),
               _set(move(d, "percussion", 0)["pattern"], "real_rate", 6)),
], ids=["light percussion over a kidney", "long regular session", "stroking glides across",
        "a real tempo faster than drawn"])
def test_allowed_changes_are_accepted(broken, change) -> None:
    assert broken(change) == []


def test_a_new_movement_needs_no_code(broken, tmp_path) -> None:
    def add(d: Data) -> None:
        tech(d, "stroking")["movements"].append({
            "caption": "Stroke out across the top of the back",
            "path": [[0.08, 0.86], [0.25, 0.88], [0.33, 0.88]],
            "other_hand": "mirror",
            "seconds": 3,
            "pressure": [[0, 0.2], [0.5, 0.45], [1, 0.2]],
        })

    assert broken(add) == []
    library = load_content(tmp_path / "assets").techniques
    assert library["stroking"].movements[-1].caption == "Stroke out across the top of the back"


def test_a_missing_file_is_named(tmp_path) -> None:
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "techniques.yaml").unlink()
    problems = check_content(folder)
    assert any(p.file.endswith("techniques.yaml") and "file not found" in p.message
               for p in problems)


# ---------------------------------------------------------------- what the students found wrong


def _working_points(content, technique_id: str, index: int) -> np.ndarray:
    """Where both hands work (in contact, above the working pressure) during one movement."""
    timeline = Timeline.for_technique(content.techniques[technique_id], loop=True)
    points = []
    for hand in range(timeline.hand_count):
        track = timeline.track(hand)
        movement = np.array([timeline.segments[s].movement_index for s in track.segment])
        rows = track.contact & (track.pressure > WORKING_PRESSURE) & (movement == index)
        points.append(np.column_stack((track.x[rows], track.y[rows])))
    return np.concatenate(points)


def test_the_stroke_below_the_shoulder_blades_runs_below_them_and_the_heart(content) -> None:
    stroke = content.techniques["stroking"].movements[4]
    assert "below the shoulder blades" in stroke.caption
    points = _working_points(content, "stroking", 4)
    blades = min(y for scapula in content.body.anatomy.scapulae for _, y in scapula.points)
    assert points[:, 1].max() < blades
    assert content.body.zone("heart").region.distance(points).min() > 0.0


def test_kneading_and_rubbing_say_to_keep_the_pressure_moderate_over_the_kidneys(content) -> None:
    kidneys = [z for z in content.body.zones if "kidney" in z.id]
    said = 0
    for technique_id in ("kneading", "rubbing"):
        for j, movement in enumerate(content.techniques[technique_id].movements):
            points = _working_points(content, technique_id, j)
            if any(zone.region.contains(points).any() for zone in kidneys):
                assert "kidneys" in movement.caption and "moderate" in movement.caption, movement.caption
                said += 1
    assert said >= 2  # both demonstrations do work over the kidneys


def test_percussion_and_vibration_keep_their_distance_from_the_caution_zones(content) -> None:
    cautions = content.body.zones_of_kind(ZoneKind.CAUTION)
    for technique_id in ("percussion", "vibration"):
        for j in range(len(content.techniques[technique_id].movements)):
            points = _working_points(content, technique_id, j)
            nearest = min(float(zone.region.distance(points).min()) for zone in cautions)
            assert nearest >= IMPACT_CLEARANCE, (technique_id, j, nearest)


@pytest.mark.parametrize(("technique_id", "index", "path", "field", "zone"), [
    ("percussion", 2, [[0.29, 0.50], [0.18, 0.47], [0.29, 0.43], [0.19, 0.40], [0.28, 0.36], [0.26, 0.08]],
     "techniques[3].movements[2]", "kidney area"),
    ("vibration", 1, [[0.30, 0.55], [0.18, 0.65]],
     "techniques[4].movements[1]", "heart area"),
], ids=["percussion by a kidney", "vibration by the heart"])
def test_impact_work_near_a_caution_zone_is_refused_with_the_distance(broken, technique_id, index, path,
                                                                      field, zone) -> None:
    problems = broken(lambda d: _set(move(d, technique_id, index), "path", path))
    named = [str(p) for p in problems if p.field == field]
    assert len(named) == 1, [str(p) for p in problems]
    line = named[0]
    assert f"techniques.yaml: {field}: {technique_id} movement {index + 1} works 0.0" in line
    assert zone in line and "keep at least 0.05 from the caution zones" in line
