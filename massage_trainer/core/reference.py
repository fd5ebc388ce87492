"""The teaching facts: the general rules, indications, contraindications and massage types.

Written in our own words from the seed article; loaded from assets/reference.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: int  # 1..12, as numbered in the source
    title: str
    text: str


@dataclass(frozen=True)
class MassageType:
    id: str
    name: str
    group: str  # "relaxing" or "therapeutic"
    purpose: str
    cautions: str
    specialist_only: bool


@dataclass(frozen=True)
class Reference:
    rules: tuple[Rule, ...]
    indications: tuple[str, ...]
    contraindications: tuple[str, ...]
    contraindications_note: str  # the "consult a doctor" note
    disclaimer: str
    massage_types: tuple[MassageType, ...]

    def rule(self, rule_id: int) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
