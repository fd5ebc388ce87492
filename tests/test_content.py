"""Content validation: the bundled files load; broken copies give one clear line each."""

import shutil
from pathlib import Path

import pytest
import yaml

from massage_trainer.cli import main
from massage_trainer.content import ContentError, check_content, load_content
from massage_trainer.core.rules import CAUTION_ZONE, SPINE, rule
from massage_trainer.resources import assets_dir


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_bundled_content_is_valid(content):
    assert [r.id for r in content.reference.rules] == list(range(1, 13))
    ref = content.reference
    # The source article's eleven first, then the common ones it leaves out, each graded and sourced.
    assert [c.beyond_article for c in ref.contraindications[:11]] == [False] * 11
    assert all(c.beyond_article for c in ref.contraindications[11:]) and len(ref.contraindications) >= 20
    assert {g.value for g in {c.grade for c in ref.contraindications}} == {"absolute", "relative", "local"}
    assert all(c.sources and c.why for c in ref.contraindications)
    added = " ".join(c.text.lower() for c in ref.contraindications[11:])
    for needed in ("thrombosis", "fracture", "operation", "open wound", "burn", "scar", "acute inflammation",
                   "osteoporosis"):
        assert needed in added, needed
    assert "doctor" in ref.contraindications_note
    # Indications in two groups; the therapeutic ones are a specialist's.
    groups = {i.text: i.group for i in ref.indications}
    assert groups["Recovery after a stroke or a heart attack"] == "therapeutic"
    assert groups["Long-term stress"] == "relaxing"
    assert "specialist with medical training" in ref.therapeutic_note
    # Every medical term the lessons use has a plain explanation.
    terms = {t.term for t in ref.glossary}
    assert {"osteochondrosis", "spondyloarthrosis", "autonomic (vegetative-vascular) dystonia", "radiculitis"} <= terms
    assert {t.source for t in ref.glossary} <= {s.id for s in ref.sources}
    assert {z.id for z in content.body.zones} >= {"spine", "heart", "kidney-left", "kidney-right"}
    assert check_content(assets_dir()) == []


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


BROKEN = [
    ("body.yaml", _delete(["zones", 1, "rule"]), "zones[1].rule: is missing"),
    ("body.yaml", _set(["zones", 0, "rule"], 13), "zones[0].rule: must be at most 12"),
    ("body.yaml", _set(["zones", 0, "kind"], "danger"), "zones[0].kind: must be one of"),
    # A zone cites the general rule the grader judges it by (the spine rule, the caution-zone rule).
    ("body.yaml", _set(["zones", 0, "rule"], 7), f"zones[0].rule: a no-work zone comes under "
                                                 f"{rule(SPINE).label} (the grader's 'spine' rule)"),
    ("body.yaml", _set(["zones", 1, "rule"], 6), f"zones[1].rule: a caution zone comes under "
                                                 f"{rule(CAUTION_ZONE).label}"),
    ("body.yaml", _set(["zones", 2, "polygons", 0, 1], [0.1]), "zones[2].polygons[0][1]: expected a point"),
    ("body.yaml", _set(["zones", 2, "polygons", 0, 1], ["a", 0.2]), "zones[2].polygons[0][1][0]: expected a number"),
    ("body.yaml", _set(["zones", 3, "id"], "heart"), "zones[3].id: 'heart' is used twice"),
    ("body.yaml", _set(["vertebrae", 3, "y"], ".5"), "vertebrae[3].y: expected a number, found text"),
    ("body.yaml", _set(["anatomy", "outline"], [[0, 0], [0.1, 0.1]]), "anatomy.outline: needs at least 3"),
    ("reference.yaml", _delete(["rules", 4]), "rules: must hold rules 1 to 12 once each"),
    ("reference.yaml", _set(["rules", 0, "title"], ""), "rules[0].title: must not be empty"),
    ("reference.yaml", _set(["massage_types", 0, "specialist_only"], "no"), "specialist_only: expected true or false"),
    ("reference.yaml", _set(["contraindications"], []), "contraindications: needs at least 1"),
    ("reference.yaml", _set(["contraindications", 0, "sources", 0], "nowhere"),
     "contraindications[0].sources[0]: no source 'nowhere' under sources"),
    ("reference.yaml", _set(["contraindications", 0, "grade"], "mild"), "contraindications[0].grade"),
    ("reference.yaml", _set(["contraindications", 2, "beyond_article"], True),
     "contraindications[3].beyond_article: the source article's contraindications come first"),
    ("reference.yaml", _set(["glossary", 0, "source"], "hearsay"), "glossary[0].source: no source 'hearsay'"),
    ("reference.yaml", _set(["glossary", 1, "term"], "indication"), "'indication' is used twice"),
    ("reference.yaml", _set(["indications", 0, "group"], "magic"), "indications[0].group"),
]


@pytest.mark.parametrize(("name", "change", "expected"), BROKEN)
def test_broken_content_names_file_and_field(assets, name, change, expected):
    edit(assets, name, change)
    with pytest.raises(ContentError) as err:
        load_content(assets)
    lines = str(err.value).splitlines()
    assert any(name in line and expected in line for line in lines), lines


def test_malformed_yaml_names_the_line(assets):
    (assets / "body.yaml").write_text("zones: [\n  - id: spine\n  bad: : :\n", encoding="utf-8")
    problems = check_content(assets)
    assert len(problems) == 1
    assert "body.yaml: line" in str(problems[0]) and "not valid YAML" in str(problems[0])


def test_missing_file(assets):
    (assets / "reference.yaml").unlink()
    assert [str(p) for p in check_content(assets)] == [f"{assets / 'reference.yaml'}: file not found"]


def test_several_problems_are_all_reported(assets):
    edit(assets, "body.yaml", _delete(["zones", 1, "why"]))
    edit(assets, "reference.yaml", _set(["rules", 0, "title"], 5))
    problems = [str(p) for p in check_content(assets)]
    assert any("zones[1].why" in p for p in problems)
    assert any("rules[0].title" in p for p in problems)


def test_check_content_cli(assets, capsys):
    assert main(["check-content", str(assets)]) == 0
    assert "valid" in capsys.readouterr().out
    edit(assets, "body.yaml", _delete(["zones", 0, "polygons"]))
    edit(assets, "reference.yaml", _set(["indications"], "none"))
    assert main(["check-content", str(assets)]) == 2
    out = capsys.readouterr()
    assert "zones[0].polygons: is missing" in out.out
    assert "indications: expected a list" in out.out
    assert "Traceback" not in out.out + out.err
    assert main(["check-content", str(assets / "nowhere")]) == 2
