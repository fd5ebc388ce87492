"""The Reference as one page of rich text, made from our own content (every piece escaped).

Sections carry anchors (#rules, #indications, #contraindications, #glossary, #sources, and
#rule-N for each rule) for the contents list and for links from elsewhere in the app. Each
glossary term in the text is a `term:<n>` link: hovering shows its explanation, clicking goes to
its entry. Each grade's sources are numbered links to the list of sources at the end.
"""

from __future__ import annotations

import re
from html import escape

from massage_trainer.core.reference import GRADE_WORDS, Contraindication, Grade, Reference, term_pattern
from massage_trainer.ui.kit import theme as th

SECTIONS = (
    ("rules", "The 12 general rules"),
    ("indications", "When back massage helps (indications)"),
    ("contraindications", "When not to massage (contraindications)"),
    ("types", "Types of back massage"),
    ("glossary", "Glossary"),
    ("sources", "Sources"),
)
GRADE_INTROS = {
    Grade.ABSOLUTE: "No massage at all while any of these applies.",
    Grade.RELATIVE: "Massage only once the person's doctor has said it is safe.",
    Grade.LOCAL: "Leave that area, and a hand's width around it, alone, and massage only the rest of "
                 "the back. If it is large, or you are not sure, do not massage.",
}


def _with_terms(text: str, ref: Reference) -> str:
    """Escaped text with each glossary term (first form found, whole words) made a term link."""
    spans: list[tuple[int, int, int]] = []
    for n, term in enumerate(ref.glossary):
        for match in term_pattern(term).finditer(text):
            if not any(a < match.end() and match.start() < b for a, b, _ in spans):
                spans.append((match.start(), match.end(), n))
    out, at = [], 0
    for start, end, n in sorted(spans):
        out.append(escape(text[at:start]))
        out.append(f'<a href="term:{n}" style="text-decoration: underline;">'
                   f"{escape(text[start:end])}</a>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _cite(ids: tuple[str, ...], numbers: dict[str, int]) -> str:
    cited = sorted({numbers[i]: i for i in ids if i in numbers}.items())
    return " ".join(f'<a href="#source-{escape(i)}">[{n}]</a>' for n, i in cited)


def _contraindication(c: Contraindication, ref: Reference, numbers: dict[str, int], theme: th.Theme) -> str:
    added = (f' <span style="color:{theme.muted}">(beyond the source article)</span>' if c.beyond_article else "")
    note = f"<br/><i>{_with_terms(c.note, ref)}</i>" if c.note else ""
    return (f"<li><b>{_with_terms(c.text, ref)}</b>{added}. {_with_terms(c.why, ref)} "
            f"{_cite(c.sources, numbers)}{note}</li>")


def reference_html(ref: Reference, theme: th.Theme) -> str:
    numbers = {s.id: n for n, s in enumerate(ref.sources, 1)}
    contents = " · ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title in SECTIONS)
    # Numbered by hand: Qt's list indent is fixed in pixels and clips "10." at large type.
    rules = "".join(f'<p><a name="rule-{r.id}"></a><b>{r.id}. {escape(r.title)}.</b> '
                    f"{_with_terms(r.text, ref)}</p>" for r in ref.rules)

    def indications(group: str) -> str:
        return "".join(
            f"<li>{_with_terms(i.text, ref)}"
            + (f' <span style="color:{theme.muted}">— {_with_terms(i.note, ref)}</span>' if i.note else "")
            + "</li>" for i in ref.indications_in(group))

    graded = "".join(
        f"<h3>{escape(GRADE_WORDS[grade])} ({grade.value})</h3><p>{escape(GRADE_INTROS[grade])}</p>"
        f"<ul>{''.join(_contraindication(c, ref, numbers, theme) for c in ref.graded(grade))}</ul>"
        for grade in Grade)
    types = "".join(f"<p><b>{escape(t.name)}.</b> {_with_terms(t.purpose, ref)} "
                    f"<i>{_with_terms(t.cautions, ref)}</i></p>" for t in ref.massage_types)
    glossary = "".join(
        f'<p><a name="term-{n}"></a><b>{escape(t.term)}</b>: {escape(t.explanation)} '
        f"{_cite((t.source,), numbers)}</p>" for n, t in enumerate(ref.glossary))
    sources = "".join(
        f'<p><a name="source-{escape(s.id)}"></a>[{numbers[s.id]}] {escape(s.citation())}'
        + (f" {escape(s.url)}" if s.url else "") + "</p>" for s in ref.sources)
    return f"""
    <h1>Reference</h1>
    <p style="color:{theme.muted}">{escape(ref.disclaimer)}</p>
    <p><b>Contents:</b> {contents}</p>
    <h2><a name="rules"></a>The 12 general rules</h2>
    {rules}
    <h2><a name="indications"></a>When back massage helps (indications)</h2>
    <h3>What a relaxing classic massage can help</h3>
    <ul>{indications("relaxing")}</ul>
    <h3>What therapeutic massage treats: by a specialist with medical training</h3>
    <table cellpadding="10" width="100%" style="border: 2px solid {theme.caution};">
      <tr><td><b>By a specialist with medical training.</b> {_with_terms(ref.therapeutic_note, ref)}</td></tr>
    </table>
    <ul>{indications("therapeutic")}</ul>
    <h2><a name="contraindications"></a>When not to massage (contraindications)</h2>
    <table cellpadding="10" width="100%" style="border: 2px solid {theme.no_work};">
      <tr><td><b>See a doctor first.</b> {_with_terms(ref.contraindications_note, ref)}</td></tr>
    </table>
    {graded}
    <h2><a name="types"></a>Types of back massage</h2>
    {types}
    <h2><a name="glossary"></a>Glossary</h2>
    {glossary}
    <h2><a name="sources"></a>Sources</h2>
    {sources}
    """


TERM_LINK = re.compile(r"^term:(\d+)$")
