"""The draft's rule tables run as tests: every example phrase each table gives is read as it says
(kg.draft.fragments: the pattern fragments the readers share; kg.draft.figures: whole figures)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg.draft import fragments
from kg.draft.figures import EXAMPLES as FIGURE_EXAMPLES
from kg.draft.figures import find, lexicon

FRAGMENT_CASES = [(name, text, True) for name, (yes, _) in fragments.EXAMPLES.items() for text in yes] + \
                 [(name, text, False) for name, (_, no) in fragments.EXAMPLES.items() for text in no]


def test_every_fragment_has_examples_both_ways():
    named = {n for n in vars(fragments) if n.isupper() and isinstance(getattr(fragments, n), str)}
    assert named <= set(fragments.EXAMPLES), named - set(fragments.EXAMPLES)
    assert all(yes and no for yes, no in fragments.EXAMPLES.values())


@pytest.mark.parametrize("name,text,reads", FRAGMENT_CASES, ids=[f"{n}:{t!r}:{r}" for n, t, r in FRAGMENT_CASES])
def test_fragment_reads_its_examples(name, text, reads):
    assert fragments.fullmatch(getattr(fragments, name), text) is reads


@pytest.fixture(scope="module")
def words(kg_real):
    return lexicon(kg_real)


def _tail(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else iri


@pytest.mark.parametrize("phrase", list(FIGURE_EXAMPLES))
def test_figure_examples(words, phrase):
    found = [(Decimal(f.value), _tail(f.unit), _tail(f.measure) or "", _tail(f.indicator)) for f in find(phrase, words)]
    expected = [(Decimal(v), u, m, i) for v, u, m, i in FIGURE_EXAMPLES[phrase]]
    assert found == expected
