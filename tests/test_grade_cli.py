"""`massage-trainer grade`: exit codes, the text and JSON reports, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from massage_trainer.cli import main
from massage_trainer.core.technique_ids import TECHNIQUE_IDS


def drill(per_stroke: int = 100) -> dict[str, Any]:
    """A tidy stroking drill: up four lanes with pressure, a light glide back down each time."""
    samples: list[dict[str, Any]] = []
    for x in (0.12, -0.12, 0.22, -0.22):
        for i in range(per_stroke):  # up, pressing ("contact" and "pressure" left to default)
            samples.append({"x": x, "y": 0.1 + 0.8 * i / per_stroke})
        for i in range(per_stroke):  # glide back down lightly
            samples.append({"x": x, "y": 0.9 - 0.8 * i / per_stroke, "contact": True,
                            "pressure": 0.2})
    for i, sample in enumerate(samples):
        sample["t"] = i * 0.01
    return {"format": "massage-trainer/recording", "version": 1,
            "phases": [{"technique": "stroking", "samples": samples}]}


def write(tmp_path: Path, data: Any, name: str = "drill.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def assert_refused(code: int, capsys: pytest.CaptureFixture[str], path: Path) -> str:
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert str(path) in err
    assert "Traceback" not in err
    return err


def test_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, drill())
    assert main(["grade", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(f"{path}: PASS, score ")
    assert "coverage" in out and "mean_speed" in out


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = drill()
    data["phases"][0]["samples"][150]["y"] = -0.1  # a glide sample below the waist
    path = write(tmp_path, data)
    assert main(["grade", "--json", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    report = json.loads(out)  # stdout holds the report object and nothing else
    assert list(report) == ["score", "passed", "violations", "metrics"]
    assert report["passed"] is False
    assert [v["rule"] for v in report["violations"]] == ["area"]
    assert report["violations"][0]["phase"] == 0
    assert report["violations"][0]["t"] == 1.5
    assert "below the waist" in report["violations"][0]["message"]
    assert {"duration_s", "coverage", "mean_speed"} <= set(report["metrics"])


def test_failing_score_still_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = drill()
    for s in data["phases"][0]["samples"]:
        s["y"] = 1.0 - s["y"]  # everything backwards: down with pressure
    assert main(["grade", str(write(tmp_path, data))]) == 0
    assert "FAIL" in capsys.readouterr().out


@pytest.mark.parametrize(("text", "words"), [
    ("{", "not valid JSON"),
    ("[]", "expected a JSON object"),
    ('{"format": "massage-trainer/recording", "version": 2, "phases": []}', "version"),
    ('{"format": "other", "version": 1, "phases": []}', "format"),
])
def test_bad_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                          words: str) -> None:
    path = write(tmp_path, text)
    assert words in assert_refused(main(["grade", str(path)]), capsys, path)


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "absent.json"
    assert_refused(main(["grade", "--json", str(path)]), capsys, path)


# ---------------------------------------------------------------- random corruptions


@st.composite
def valid_files(draw: Any) -> dict[str, Any]:
    t = 0.0
    phases = []
    for _ in range(draw(st.integers(1, 3))):
        samples = []
        for _ in range(draw(st.integers(2, 4))):
            t += draw(st.floats(0.0, 1.0))
            sample: dict[str, Any] = {"t": t, "x": draw(st.floats(-0.5, 0.5)),
                                      "y": draw(st.floats(-0.2, 1.2))}
            if draw(st.booleans()):
                sample["contact"] = draw(st.booleans())
            if draw(st.booleans()):
                sample["pressure"] = draw(st.floats(0.0, 1.0))
            samples.append(sample)
        phases.append({"technique": draw(st.sampled_from(TECHNIQUE_IDS)), "samples": samples})
    data: dict[str, Any] = {"format": "massage-trainer/recording", "version": 1, "phases": phases}
    if draw(st.booleans()):
        data["first_session"] = draw(st.booleans())
    return data


WRONG_TYPES = ["1", 1.5, True, None, [], {}, "stroking"]
NON_FINITE = [float("nan"), float("inf"), float("-inf")]


def corrupt(data: dict[str, Any], draw: Any) -> str:
    """Break a valid file in one of the ways the spec lists; return the file's text."""
    phase = draw(st.sampled_from(data["phases"]))
    sample = draw(st.sampled_from(phase["samples"]))
    kind = draw(st.sampled_from(["delete", "type", "nan", "backwards", "technique",
                                 "truncate", "pressure", "version", "empty"]))
    if kind == "delete":
        target, key = draw(st.sampled_from([
            (data, "format"), (data, "version"), (data, "phases"),
            (phase, "technique"), (phase, "samples"),
            (sample, "t"), (sample, "x"), (sample, "y"),
        ]))
        del target[key]
    elif kind == "type":
        target, key = draw(st.sampled_from([
            (data, "format"), (data, "version"), (data, "phases"), (data, "first_session"),
            (phase, "technique"), (phase, "samples"), (sample, "t"), (sample, "x"),
            (sample, "y"), (sample, "contact"), (sample, "pressure"),
        ]))
        numeric = key in ("t", "x", "y", "pressure")
        wrong = [v for v in WRONG_TYPES if not (key == "technique" and v == "stroking")
                 and not (key in ("first_session", "contact") and v is True)
                 and not (numeric and v == 1.5)]
        target[key] = draw(st.sampled_from(wrong))
    elif kind == "nan":
        sample[draw(st.sampled_from(["t", "x", "y", "pressure"]))] = draw(
            st.sampled_from(NON_FINITE))
    elif kind == "backwards":
        samples = [s for p in data["phases"] for s in p["samples"]]
        j = draw(st.integers(1, len(samples) - 1))
        samples[j]["t"] = samples[j - 1]["t"] - draw(st.floats(0.001, 10.0))
    elif kind == "technique":
        phase["technique"] = draw(st.text(min_size=0, max_size=12).filter(
            lambda s: s not in TECHNIQUE_IDS))
    elif kind == "pressure":
        sample["pressure"] = draw(st.sampled_from([-0.01, 1.01, -5, 2]))
    elif kind == "version":
        data["version"] = draw(st.sampled_from([0, 2, -1, 10**30]))
    elif kind == "empty":
        target, key = draw(st.sampled_from([(data, "phases"), (phase, "samples")]))
        target[key] = []
    text = json.dumps(data)  # allow_nan: writes the NaN / Infinity literals
    if kind == "truncate":
        text = text[:draw(st.integers(0, len(text) - 1))]
    return text


@pytest.fixture
def loaded_once(content: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """cmd_grade loads the content on every call; reuse the session's to keep examples fast."""
    import massage_trainer.content

    monkeypatch.setattr(massage_trainer.content, "load_content", lambda: content)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=valid_files(), choices=st.data(), as_json=st.booleans())
def test_any_corruption_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             loaded_once: None, data: dict[str, Any],
                                             choices: st.DataObject, as_json: bool) -> None:
    capsys.readouterr()
    path = tmp_path / "drill.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["grade", "--json", str(path)]) == 0  # the valid original grades
    json.loads(capsys.readouterr().out)
    path.write_text(corrupt(data, choices.draw), encoding="utf-8")
    args = ["grade", "--json", str(path)] if as_json else ["grade", str(path)]
    assert_refused(main(args), capsys, path)


# ---------------------------------------------------------------- the real command


def test_command_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path, drill(), "good.json")
    bad = write(tmp_path, '{"format": "massage-trainer/recording", "version": 1, "phases": [{"t',
                "bad.json")
    cmd = [sys.executable, "-m", "massage_trainer", "grade"]
    ok = subprocess.run([*cmd, "--json", str(good)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["passed"] is True
    refused = subprocess.run([*cmd, str(bad)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "bad.json: not valid JSON" in refused.stderr
    gone = subprocess.run([*cmd, str(tmp_path / "gone.json")], capture_output=True, text=True,
                          timeout=60)
    assert gone.returncode == 2 and gone.stdout == "" and "gone.json" in gone.stderr
