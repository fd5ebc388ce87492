"""The recording's own JSON reader reads runs of samples a window at a time: wherever a window ends,
it reads what json.loads reads."""

import json

import pytest

from massage_trainer.core import recording_json
from massage_trainer.core.recording_json import decode_recording


def _text(samples: int) -> str:
    rows = ",\n".join(json.dumps({"t": k / 60, "x": 0.1, "y": k / samples, "contact": True, "pressure": 0.5})
                      for k in range(samples))
    return '{"format": "massage-trainer/recording", "version": 1, "phases": [{"technique": "stroking",\n' \
           f'"samples": [\n{rows}\n]}}]}}'


@pytest.mark.parametrize("window", range(60, 260, 7))
def test_a_window_ending_anywhere_in_a_run_reads_every_sample(monkeypatch, window):
    text = _text(40)
    monkeypatch.setattr(recording_json, "_RUN_CHARS", window)
    decoded = decode_recording(text, float, 10)
    columns = decoded["phases"][0]["samples"]
    expected = json.loads(text)["phases"][0]["samples"]
    assert len(columns) == len(expected) and columns.bad is None
    assert list(columns.y) == [s["y"] for s in expected]
