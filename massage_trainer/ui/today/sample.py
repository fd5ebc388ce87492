"""A learner with a few days of work, for `massage-trainer screenshot --screen today-learner`.

Sam traced kneading twice over the spine and stroking once cleanly, and answered five questions,
one wrongly: the Today screen then has something due, a drill to suggest, and a week to sum up.
"""

from __future__ import annotations

from datetime import timedelta

from massage_trainer.core.demo import demo_recording
from massage_trainer.core.drill_plans import technique_drill_id
from massage_trainer.core.grading import Report
from massage_trainer.core.quiz import Result
from massage_trainer.core.rules import SPINE
from massage_trainer.core.violation import Place, Violation
from massage_trainer.ui.kit.context import AppContext

OVER_SPINE = Place("T7", True, "spine", "Spine")


def sample_learner(ctx: AppContext) -> None:
    storage, techniques = ctx.storage, ctx.content.techniques
    learner = storage.learners.create("Sam")
    storage.learners.remember(learner)
    now = storage.clock()
    spine = tuple(Violation(SPINE, 0, 5.0 + k, 0.0, 0.5, place=OVER_SPINE) for k in range(3))
    for days, technique, report in ((2, "kneading", Report(55.0, False, spine, {})),
                                    (1, "kneading", Report(62.0, False, spine, {})),
                                    (1, "stroking", Report(88.0, True, (), {}))):
        started = (now - timedelta(days=days)).isoformat(timespec="seconds")
        storage.drills.save(learner.id, technique_drill_id(technique), started,
                            demo_recording(techniques[technique]), report)
    for k, question in enumerate(ctx.content.questions[:5]):
        right = k != 2
        storage.quiz.record_answer(learner.id, question, [0], Result(1.0 if right else 0.0, right),
                                   now - timedelta(hours=2), "daily", "sample")
    ctx.learner_added(learner)
