"""Load and validate the content folder (assets/) into core objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from massage_trainer.content.errors import ContentError, Problem
from massage_trainer.content.fields import Node, Problems, read_yaml
from massage_trainer.content.reference_file import RULE_COUNT, parse_reference
from massage_trainer.content.shapes import polygon_problem
from massage_trainer.content.techniques import TECHNIQUES_FILE, load_techniques
from massage_trainer.core.body import Anatomy, Body, Landmark, Zone, ZoneKind
from massage_trainer.core.geometry import Polygon, Polyline, Region
from massage_trainer.core.reference import Reference
from massage_trainer.core.rules import CAUTION_ZONE, SPINE, rule
from massage_trainer.core.techniques import TechniqueLibrary
from massage_trainer.resources import assets_dir

if TYPE_CHECKING:
    from massage_trainer.core.quiz import Question

BODY_FILE = "body.yaml"
REFERENCE_FILE = "reference.yaml"
# Zones every part of the program relies on (docs/body-frame.md).
REQUIRED_ZONES = ("spine", "heart", "kidney-left", "kidney-right")
# The graded rule each kind of zone comes under: the Atlas cites the zone's rule,
# the report the grader's, and they must agree.
ZONE_RULES = {ZoneKind.NO_WORK: SPINE, ZoneKind.CAUTION: CAUTION_ZONE}


@dataclass(frozen=True)
class Content:
    body: Body
    reference: Reference
    techniques: TechniqueLibrary
    folder: Path = field(default_factory=assets_dir, compare=False)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The app's own question bank (folder/questions.yaml), read the first time it is asked for,
        so that start-up does not pay for it; ContentError if it is broken (check-content says so)."""
        from massage_trainer.content.question_bank import load_questions  # not at start-up

        return load_questions(self.folder, self.body, self.reference, self.techniques)


def _polygon(node: Node) -> Polygon:
    points = node.points(3)
    if len(set(points)) < 3:
        raise node.fail("a polygon needs at least three distinct points")
    problem = polygon_problem(points)
    if problem is not None:
        raise node.fail(problem)
    return Polygon(points)


def _polyline(node: Node) -> Polyline:
    return Polyline(node.points(2))


def _zone(node: Node) -> Zone:
    node.only("id", "kind", "name", "label", "rule", "why", "polygons", "label_at", "leader_to")
    region = Region(tuple(_polygon(p) for p in node["polygons"].items(1)))
    centre = region.polygons[0].centroid()
    return Zone(
        id=node["id"].text(),
        kind=ZoneKind(node["kind"].choice(tuple(k.value for k in ZoneKind))),
        name=node["name"].text(),
        label=node["label"].text(),
        rule=node["rule"].integer(1, RULE_COUNT),
        why=node["why"].text(),
        region=region,
        label_at=node["label_at"].point() if "label_at" in node.mapping() else centre,
        leader_to=node["leader_to"].point() if "leader_to" in node.mapping() else centre,
    )


def _anatomy(node: Node) -> Anatomy:
    node.only("outline", "neck", "waist_line", "scapulae", "scapular_spines", "ribs", "iliac_crests")
    outline = _polygon(node["outline"])
    x0, y0, x1, y1 = outline.bounds()
    if not (x0 < 0 < x1 and y0 <= 0.0 and y1 >= 1.0):
        raise node["outline"].fail("must span the midline and reach from the waist (y=0) to C7 (y=1)")
    return Anatomy(
        outline=outline,
        neck=_polygon(node["neck"]),
        waist_line=_polyline(node["waist_line"]),
        scapulae=tuple(_polygon(p) for p in node["scapulae"].items(2)),
        scapular_spines=tuple(_polyline(p) for p in node["scapular_spines"].items()),
        ribs=tuple(_polyline(p) for p in node["ribs"].items()),
        iliac_crests=tuple(_polyline(p) for p in node["iliac_crests"].items()),
    )


def _vertebra(node: Node) -> Landmark:
    node.only("id", "y")
    vid = node["id"].text()
    return Landmark(vid, f"vertebra {vid}", (0.0, node["y"].number(-0.2, 1.2)))


def _landmark(node: Node) -> Landmark:
    node.only("id", "name", "at")
    return Landmark(node["id"].text(), node["name"].text(), node["at"].point())


def parse_body(root: Node, problems: Problems) -> Body | None:
    problems.attempt(lambda: root.only("anatomy", "vertebrae", "landmarks", "zones"))
    anatomy = problems.attempt(lambda: _anatomy(root["anatomy"]))
    vertebrae = problems.attempt(lambda: problems.each(root["vertebrae"].items(2), _vertebra))
    landmarks = problems.attempt(lambda: problems.each(root["landmarks"].items(), _landmark))
    zones = problems.attempt(lambda: problems.each(root["zones"].items(1), _zone))
    if vertebrae:
        ys = [v.point[1] for v in vertebrae]
        if ys != sorted(ys, reverse=True):
            problems.found.append(Problem(root.file, "vertebrae", "must be listed from top to bottom"))
        _unique(root, "vertebrae", [v.id for v in vertebrae], problems)
    if zones is not None:
        ids = [z.id for z in zones]
        _unique(root, "zones", ids, problems)
        for i, zone in enumerate(zones):
            graded = rule(ZONE_RULES[zone.kind])
            if zone.rule != graded.number:
                problems.found.append(Problem(
                    root.file, f"zones[{i}].rule",
                    f"a {zone.kind} zone comes under {graded.label} (the grader's {graded.id!r} "
                    f"rule); found {zone.rule}"))
        for required in REQUIRED_ZONES:
            if required not in ids and len(problems.found) == 0:
                problems.found.append(Problem(root.file, "zones", f"the zone {required!r} is missing"))
    if anatomy is None or vertebrae is None or landmarks is None or zones is None:
        return None
    return Body(anatomy, tuple(vertebrae), tuple(landmarks), tuple(zones))


def _unique(root: Node, field: str, ids: list[str], problems: Problems) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            problems.found.append(Problem(root.file, f"{field}[{i}].id", f"{value!r} is used twice"))
        seen.add(value)


def _shown(folder: Path, name: str) -> str:
    return str(folder / name)


def load_content(folder: Path | None = None, *, play_animations: bool = True) -> Content:
    """Load every content file; raise ContentError listing every problem found.

    Every field, value, zone and path point is always checked. play_animations
    also plays each technique and session through and checks where the hands
    go (about 35 ms): `check-content` and the tests always do; the app's start-up
    skips it for the bundled content, which the test suite has played through.
    """
    folder = folder or assets_dir()
    problems = Problems()
    body = reference = None
    for name in (BODY_FILE, REFERENCE_FILE):
        try:
            root = read_yaml(folder / name, _shown(folder, name))
        except ContentError as err:
            problems.found.extend(err.problems)
            continue
        if name == BODY_FILE:
            body = parse_body(root, problems)
        else:
            reference = parse_reference(root, problems)
    if body is not None and reference is not None:
        rule_ids = {r.id for r in reference.rules}
        for i, zone in enumerate(body.zones):
            if zone.rule not in rule_ids:
                problems.found.append(Problem(_shown(folder, BODY_FILE), f"zones[{i}].rule",
                                              f"names rule {zone.rule}, which reference.yaml lacks"))
    # The techniques are checked against the body, so they load after it.
    techniques = None
    try:
        root = read_yaml(folder / TECHNIQUES_FILE, _shown(folder, TECHNIQUES_FILE))
    except ContentError as err:
        problems.found.extend(err.problems)
    else:
        techniques = load_techniques(root, body, problems, play_animations)
    problems.raise_if_any()
    assert body is not None and reference is not None and techniques is not None
    return Content(body, reference, techniques, folder)


def check_content(folder: Path) -> list[Problem]:
    """Every problem in a content folder, a fact no question asks about among them; an empty list
    means it is good. The question bank is checked once the files it is checked against load."""
    try:
        content = load_content(folder)
    except ContentError as err:
        return err.problems
    from massage_trainer.content.question_bank import check_questions

    return check_questions(folder, content.body, content.reference, content.techniques)
