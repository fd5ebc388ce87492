"""What the student sees agrees with itself: the live alert and the report word a violation,
its time, its place and the count of breaks alike, and the history rounds scores as the report."""

from __future__ import annotations

import pytest

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.grading import Report
from massage_trainer.core.rules import rule
from massage_trainer.core.wording import headline, moment, sentence, tally, where
from massage_trainer.ui.practice.report import ReportView
from tests.practice_helpers import drag, finish, open_practice, start


@pytest.fixture
def practice(window, qtbot):
    return open_practice(window, qtbot)


def test_the_live_alert_and_the_report_word_a_spine_crossing_alike(practice, qtbot):
    start(practice, qtbot)
    # In toward the spine and down across it, pressing: a spine and a direction violation.
    drag(practice, qtbot, [(-0.2, 0.8), (0.2, 0.6)], steps=60, seconds=1.0)
    live = list(practice.drill.violations)
    assert {v.rule for v in live} == {"spine", "direction"}
    last = live[-1]
    page = practice.drill_page
    assert page.feedback_title.text() == f"At {moment(last.t)}: {headline(last)}"
    alert_detail = page.feedback_text.text()
    assert tally(live) == "2 breaks of 2 rules"
    assert page.feedback_text.text().endswith("\n2 breaks of 2 rules so far in this drill.")
    finish(practice, qtbot)
    view = practice.results.report_view
    report = view.report
    per_sample = [v for v in report.violations if rule(v.rule).per_sample]
    assert sorted((v.rule, v.t) for v in per_sample) == sorted((v.rule, v.t) for v in live)
    for v in live:
        i = next(i for i, r in enumerate(report.violations) if r.rule == v.rule)
        row = view.violation_list.rows[i]
        # The same sentence the alert headed with, less the citation the row's title gives.
        assert headline(v) == f"{row.message.text()} ({rule(v.rule).label})"
        assert row.message.text() == sentence(report.violations[i])
        place = where(v)
        assert place is not None and place in row.meta.text() and place in headline(v)
        assert f"at {moment(v.t)}" in row.meta.text()
    # The alert's rule is cited as the report's row for it titles it.
    (row,) = [r for r, v in zip(view.violation_list.rows, report.violations, strict=True)
              if v.rule == last.rule]
    assert alert_detail.startswith(f"{row.title.text()}. ")
    # The report adds what the drill lacked as a whole (a second's drag is no drill).
    whole = tally(report.violations)
    assert len(report.violations) > 2 and whole == f"{len(report.violations)} breaks of {whole.split()[3]} rules"
    assert view.summary_label.text().startswith(f"{whole}: ")
    assert view.violations_heading.text() == f"Rules broken ({whole})"


@pytest.mark.parametrize(("score", "shown"), [(74.95, "75.0"), (60.25, "60.3"), (74.6, "74.6")])
def test_the_history_and_the_report_show_a_score_alike(window, practice, qtbot, content, score, shown):
    rec = demo_recording(content.techniques["stroking"])
    report = Report(score, False, (), {})
    learner = window.ctx.learner
    window.ctx.storage.drills.save(learner.id, "technique:stroking", "2025-01-01T10:00:00Z", rec, report)
    practice.history.refresh()
    assert practice.choose_page.history.topLevelItem(0).text(2) == shown
    view = ReportView(window.ctx)
    qtbot.addWidget(view)
    view.show_report(report, rec, [])
    assert view.score_label.text() == f"{shown} / 100"
