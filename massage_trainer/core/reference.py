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

    def facts(self) -> dict[str, str]:
        """Every fact a question may ask about, by its id, with a few words naming it.

        The ids: `rule-1`..`rule-12`, `indication-N` and `contraindication-N` (N from 1, in the
        order reference.yaml lists them), and `type-<id>` for each massage type."""
        out = {f"rule-{r.id}": f"general rule {r.id} ({r.title})" for r in self.rules}
        out |= {f"indication-{n}": f"indication {n} ({text})" for n, text in enumerate(self.indications, 1)}
        out |= {f"contraindication-{n}": f"contraindication {n} ({text})"
                for n, text in enumerate(self.contraindications, 1)}
        out |= {f"type-{t.id}": f"massage type {t.id!r} ({t.name})" for t in self.massage_types}
        return out

    def rule(self, rule_id: int) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
