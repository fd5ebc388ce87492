"""The rules about where the hands go and the drill as a whole: each passing and failing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from massage_trainer.core.body import Zone, ZoneKind
from massage_trainer.core.geometry import Polygon, Region
from massage_trainer.core.grading import Violation, broken_samples, grade
from massage_trainer.core.judging import judge
from massage_trainer.core.predicates import lift_breach
from massage_trainer.core.recording import RecordingBuilder
from massage_trainer.core.rules import FIRST_SESSION_LIMIT_S, rule
from massage_trainer.core.zone_index import ZoneIndex
from tests.tracer import Tracer, count, rules, safety, session

# ---------------------------------------------------------------- spine (rule 6)


@pytest.mark.parametrize(("pressure", "broken"), [(0.3, 0), (0.31, 1), (0.8, 1), (0.0, 0)])
def test_spine_working_pressure_boundary(body: Any, pressure: float, broken: int) -> None:
    rec = Tracer(x=-0.2, y=0.5).to(0.2, 0.6, 1.0, pressure=pressure).build()
    found = rules(grade(rec, body), "spine")
    assert len(found) == broken
    if broken:
        v = found[0]
        assert isinstance(v, Violation)
        assert abs(v.x) <= 0.05 and v.phase == 0
        assert "spine at about T" in v.message and "rule 6" in v.message


@pytest.mark.parametrize(("x", "broken"), [(0.045, 1), (0.055, 0), (-0.045, 1), (-0.055, 0)])
def test_spine_zone_edges(body: Any, x: float, broken: int) -> None:
    rec = Tracer(x=x, y=0.2).to(x, 0.8, 2.0).build()  # straight up, beside or on the spine
    assert count(grade(rec, body), "spine") == broken


@pytest.mark.parametrize("technique", ["percussion", "vibration"])
def test_impact_on_spine_at_any_pressure(body: Any, technique: str) -> None:
    light = Tracer(technique, x=0.0, y=0.3).taps(3, pressure=0.1).build()
    found = rules(grade(light, body), "spine")
    assert len(found) == 3  # one per tap: each tap is its own episode
    assert technique.capitalize() in found[0].message  # type: ignore[union-attr]
    beside = Tracer(technique, x=0.15, y=0.6).taps(3, pressure=0.1).build()
    assert count(grade(beside, body), "spine") == 0


def test_one_stroke_across_the_spine_is_one_violation(body: Any) -> None:
    rec = Tracer(x=-0.2, y=0.5).to(0.2, 0.5, 1.0).to(0.2, 0.3, 1.0, pressure=0.2) \
        .to(-0.2, 0.3, 1.0).build()
    assert count(grade(rec, body), "spine") == 2


def test_jitter_along_a_zone_edge_is_one_episode(body: Any) -> None:
    # Along the spine strip's edge (x = 0.05): jitter flickers in and out of the zone.
    rec = Tracer(x=0.05, y=0.2).to(0.05, 0.8, 3.0, noise=0.004, seed=3).build()
    assert count(grade(rec, body), "spine") == 1


# ---------------------------------------------------------------- caution zones (rule 7)


@pytest.mark.parametrize(("technique", "x", "y", "pressure", "broken"), [
    ("percussion", 0.14, 0.25, 0.5, 1),   # right kidney
    ("percussion", -0.14, 0.25, 0.5, 1),  # left kidney
    ("vibration", -0.09, 0.65, 0.5, 1),   # heart, beside the spine strip
    ("percussion", 0.14, 0.25, 0.3, 0),   # gentle is allowed
    ("percussion", 0.14, 0.25, 0.31, 1),
    ("stroking", 0.14, 0.25, 0.8, 0),     # only percussion and vibration
    ("kneading", -0.09, 0.65, 0.8, 0),
    ("percussion", 0.222, 0.23, 0.5, 1),  # just inside the right kidney's outer edge
    ("percussion", 0.228, 0.23, 0.5, 0),  # just outside
])
def test_caution_zone(body: Any, technique: str, x: float, y: float, pressure: float,
                      broken: int) -> None:
    rec = Tracer(technique, x=x, y=y).taps(4, pressure=pressure).build()
    found = rules(grade(rec, body), "caution-zone")
    assert len(found) == broken * 4
    if broken:
        assert "rule 7" in found[0].message and "area at about" in found[0].message  # type: ignore[union-attr]


def test_caution_message_names_the_caution_zone_on_the_spine(body: Any) -> None:
    rec = Tracer("percussion", x=0.0, y=0.68).taps(1).build()
    found = rules(grade(rec, body))
    assert found == ["spine", "caution-zone"]
    caution = rules(grade(rec, body), "caution-zone")[0]
    assert "heart area" in caution.message  # type: ignore[union-attr]


# ---------------------------------------------------------------- contact (rule 3)


@pytest.mark.parametrize("technique", ["stroking", "rubbing", "kneading"])
def test_lift_mid_phase(body: Any, technique: str) -> None:
    rec = Tracer(technique, x=0.2, y=0.2).to(0.2, 0.5).hold(0.3, contact=False) \
        .to(0.2, 0.7, 0.5).hold(0.3, contact=False).to(0.2, 0.8, 0.5).build()
    found = rules(grade(rec, body), "contact")
    assert len(found) == 2
    assert "rule 3" in found[0].message  # type: ignore[union-attr]


def test_lift_before_first_and_after_last_contact_is_fine(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.2).hold(0.5, contact=False).to(0.2, 0.8) \
        .hold(0.5, contact=False).build()
    assert count(grade(rec, body), "contact") == 0


@pytest.mark.parametrize("technique", ["percussion", "vibration"])
def test_lifting_techniques_are_exempt(body: Any, technique: str) -> None:
    rec = Tracer(technique, x=0.2, y=0.3).taps(8, dy=0.05).build()
    assert count(grade(rec, body), "contact") == 0


def test_lift_between_phases_is_not_mid_phase(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.2).to(0.2, 0.8).hold(0.2, contact=False) \
        .phase("kneading").to(0.2, 0.3).hold(0.2, contact=False).phase("stroking") \
        .to(0.2, 0.8).build()
    assert count(grade(rec, body), "contact") == 0


# ---------------------------------------------------------------- order and intensity (rule 5)


@pytest.mark.parametrize(("techniques", "where"), [
    (["stroking", "kneading", "stroking"], []),
    (["stroking", "stroking"], []),
    (["kneading"], []),  # one phase: the rule is about sessions of two or more
    (["kneading", "stroking"], [0]),
    (["stroking", "kneading"], [1]),
    (["rubbing", "stroking", "kneading"], [0, 2]),
])
def test_order(body: Any, techniques: list[str], where: list[int]) -> None:
    found = rules(grade(session(techniques), body), "order")
    assert [v.phase for v in found] == where  # type: ignore[union-attr]


@pytest.mark.parametrize(("opening", "closing", "broken"), [
    (0.4, 0.5, 0), (0.5, 0.5, 1), (0.5, 0.4, 1), (0.4, 0.41, 0),
])
def test_intensity(body: Any, opening: float, closing: float, broken: int) -> None:
    rec = session(["stroking", "rubbing", "stroking"], {0: opening, 2: closing})
    found = rules(grade(rec, body), "intensity")
    assert len(found) == broken
    if broken:
        assert found[0].phase == 2 and "rule 5" in found[0].message  # type: ignore[union-attr]


def test_intensity_counts_only_contact_samples(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 1.0, pressure=0.4)
    tr.phase("stroking").jump(0.2, 0.1).to(0.2, 0.9, 1.0, pressure=0.5) \
        .hold(1.0, pressure=0.0, contact=False)  # hovering at zero pressure does not count
    assert count(grade(tr.build(), body), "intensity") == 0


@pytest.mark.parametrize(("techniques", "pressures", "broken"), [
    # Only the first and the last stroking count, whatever the ones between do.
    (["stroking", "stroking", "rubbing", "stroking"], {0: 0.4, 1: 0.6, 3: 0.5}, False),
    (["stroking", "stroking", "rubbing", "stroking"], {0: 0.5, 1: 0.3, 3: 0.45}, True),
    (["stroking", "stroking", "stroking"], {0: 0.5, 1: 0.7, 2: 0.55}, False),
    (["stroking", "stroking", "stroking"], {0: 0.5, 1: 0.2, 2: 0.5}, True),
])
def test_intensity_compares_the_first_and_the_last_of_several_strokings(
        body: Any, techniques: list[str], pressures: dict[int, float], broken: bool) -> None:
    rec = session(techniques, pressures)
    found = rules(grade(rec, body), "intensity")
    assert len(found) == broken
    if broken:
        v = found[0]
        assert isinstance(v, Violation)
        last = len(techniques) - 1
        assert (v.phase, v.technique) == (last, "stroking")
        assert (v.opening, v.closing) == pytest.approx((pressures[0], pressures[last]))
        first = rec.phases[last]
        assert (v.t, v.x, v.y) == (first.t[0], first.x[0], first.y[0])  # the closing phase's start


# ---------------------------------------------------------------- duration (rule 8)


@pytest.mark.parametrize(("seconds", "first_session", "broken"), [
    (900.0, True, 0), (900.1, True, 1), (1200.0, False, 0),
])
def test_first_session_duration(body: Any, seconds: float, first_session: bool,
                                broken: int) -> None:
    b = RecordingBuilder("stroking", first_session)
    for t in np.linspace(0.0, seconds, 200):
        b.add(float(t), 0.2, 0.5, True, 0.2)
    found = rules(grade(b.build(), body), "duration")
    assert len(found) == broken
    if broken:
        assert found[0].t == pytest.approx(seconds)  # type: ignore[union-attr]
        assert "15 minutes" in found[0].message  # type: ignore[union-attr]


@pytest.mark.parametrize(("start", "seconds", "broken"), [
    (100.0, 900.0, 0), (100.0, 900.1, 1), (-50.0, 900.0, 0), (-50.0, 900.1, 1),
])
def test_first_session_duration_counts_from_the_first_sample(body: Any, start: float, seconds: float,
                                                             broken: int) -> None:
    b = RecordingBuilder("stroking", True)
    for t in np.linspace(start, start + seconds, 200):
        b.add(float(t), 0.2, 0.5, True, 0.2)
    found = rules(grade(b.build(), body), "duration")
    assert len(found) == broken
    if broken:
        v = found[0]
        assert isinstance(v, Violation)
        assert v.t == pytest.approx(start + seconds) and (v.x, v.y) == (0.2, 0.5)
        assert v.elapsed_s == pytest.approx(seconds) and v.limit_s == FIRST_SESSION_LIMIT_S


def test_going_on_past_the_limit_is_one_violation_in_the_phase_it_happened(body: Any) -> None:
    b = RecordingBuilder("stroking", True)
    for technique, (t0, t1) in zip(["stroking", "kneading", "stroking"],
                                   [(0.0, 500.0), (501.0, 950.0), (951.0, 1100.0)], strict=True):
        b.start_phase(technique)
        for t in np.linspace(t0, t1, 100):
            b.add(float(t), 0.2, 0.5, True, 0.4)
    found = rules(grade(b.build(), body), "duration")
    assert len(found) == 1
    v = found[0]
    assert isinstance(v, Violation)
    assert v.phase == 1 and v.technique == "kneading"
    assert FIRST_SESSION_LIMIT_S < v.t < FIRST_SESSION_LIMIT_S + 5.0


# ---------------------------------------------------------------- area (rule 1)


@pytest.mark.parametrize(("x", "y", "contact", "broken"), [
    (0.1, 0.0, True, 0),       # on the waist line
    (0.1, -0.001, True, 1),    # just below it
    (0.1, 1.0, True, 0),       # at C7's height
    (0.1, 1.001, True, 1),     # just above
    (0.30, 0.5, True, 0),      # inside the outline
    (0.33, 0.5, True, 1),      # outside it
    (0.1, -0.2, False, 0),     # off the area but not touching
])
def test_area(body: Any, x: float, y: float, contact: bool, broken: int) -> None:
    rec = Tracer(x=x, y=y).hold(0.5, pressure=0.2, contact=contact).build()
    found = rules(grade(rec, body), "area")
    assert len(found) == broken
    if broken:
        assert "rule 1" in found[0].message  # type: ignore[union-attr]


def test_leaving_the_area_twice_is_two_violations(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.5).to(0.2, 1.2, 1.0).to(0.2, 0.5, 1.0, pressure=0.2) \
        .to(0.2, 1.2, 1.0).build()
    found = rules(grade(rec, body), "area")
    assert len(found) == 2
    assert "above C7" in found[0].message  # type: ignore[union-attr]


# ---------------------------------------------------------------- the judgement, for the ink


def test_the_ink_marks_the_samples_lifted_mid_phase(body: Any) -> None:
    rec = Tracer(x=0.2, y=0.2).hold(0.2, contact=False).to(0.2, 0.5).hold(0.3, contact=False) \
        .to(0.2, 0.8).hold(0.2, contact=False).build()
    broken = broken_samples(rec, body)
    lifted = ~rec.samples.contact
    touching = np.flatnonzero(rec.samples.contact)
    middle = lifted & (np.arange(len(lifted)) > touching[0]) & (np.arange(len(lifted)) < touching[-1])
    assert middle.any()
    assert np.array_equal(broken, middle)  # and not the lifts before the first or after the last touch


def test_the_ink_marks_every_sample_a_per_sample_violation_starts_at(body: Any) -> None:
    tr = Tracer(x=-0.2, y=0.5, first_session=True).to(0.2, 0.5, 1.0).hold(0.2, contact=False)
    tr.to(0.2, 1.2, 1.0).to(0.2, 0.3, 1.0).phase("percussion").jump(0.14, 0.25).taps(3)
    rec = tr.build()
    judgement = judge(rec, body)
    broken = broken_samples(rec, body)
    assert np.array_equal(broken, judgement.broken())
    report = grade(rec, body)
    assert {v.rule for v in report.violations} >= {"spine", "contact", "area", "direction",
                                                   "caution-zone"}
    s = rec.samples
    for v in report.violations:
        if not rule(v.rule).per_sample:
            continue  # about a whole phase or drill: shown by its marker only
        i = int(np.flatnonzero((s.t == v.t) & (s.x == v.x) & (s.y == v.y))[0])
        assert broken[i], v


def test_whole_drill_rules_mark_no_sample(body: Any) -> None:
    rec = session(["kneading", "stroking", "rubbing"])
    assert set(safety(grade(rec, body).violations)) == {"order"}
    assert not broken_samples(rec, body).any()


def test_a_closing_stroking_that_never_touches_is_not_more_intense(body: Any) -> None:
    tr = Tracer(x=0.2, y=0.1).to(0.2, 0.9, 1.0, pressure=0.4)
    tr.phase("stroking").jump(0.2, 0.1).to(0.2, 0.9, 1.0, pressure=0.0, contact=False)
    found = rules(grade(tr.build(), body), "intensity")
    assert [(v.opening, v.closing) for v in found] == [(pytest.approx(0.4), 0.0)]  # type: ignore[union-attr]
    assert "(mean pressure 0.00)" in found[0].message  # type: ignore[union-attr]


def test_a_point_in_a_caution_zone_stays_in_it_whatever_box_covers_it(body: Any) -> None:
    # Another caution zone whose bounding box, not its polygon, covers a point of the heart area.
    extra = Zone("extra", ZoneKind.CAUTION, "Extra area", "", 7, "",
                 Region((Polygon(((-0.3, 0.6), (0.3, 0.6), (0.3, 0.9))),)))
    point = (-0.09, 0.75)
    assert body.zone("heart").contains([point])[0] and not extra.contains([point])[0]
    zones = ZoneIndex(replace(body, zones=(*body.zones, extra)))
    places = zones.locate(np.array([point[0]]), np.array([point[1]]), np.array([True]))
    assert places.in_caution.tolist() == [True]


@pytest.mark.parametrize(("contact", "lifted"), [
    ([True, False, True], [False, True, False]),
    ([True, False, True, False, True], [False, True, False, True, False]),
    ([False, True, True, False], [False, False, False, False]),  # before the first and after the last
    ([True, False, False], [False, False, False]),
])
def test_a_lift_is_mid_phase_between_the_first_and_the_last_touch(contact: list[bool],
                                                                  lifted: list[bool]) -> None:
    assert lift_breach("stroking", np.array(contact)).tolist() == lifted
    assert not lift_breach("percussion", np.array(contact)).any()
