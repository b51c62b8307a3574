"""The fast pattern paths must find exactly what spaCy's own Matcher finds."""
from __future__ import annotations

from paperkg.extract.nlp import make_nlp
from paperkg.extract.resources import load_patterns
from paperkg.ingest import ingest
from paths import SEEDS


def test_fastmatch_agrees_with_spacy_matcher_over_the_seed_corpus():
    from spacy.matcher import Matcher

    nlp = make_nlp()
    matcher = Matcher(nlp.vocab, validate=True)
    ids = {p.id for p in load_patterns()}
    for p in load_patterns():
        matcher.add(p.id, [list(p.pattern)])
    papers = ingest([str(SEEDS)]).papers
    texts = [t for p in papers for t in (p.title, p.abstract) if t]
    assert len(texts) > 900
    compared = 0
    for doc in nlp.pipe(texts):  # title and abstract apart: no separator to treat as a sentence start
        ours = {(s, e, i) for s, e, _, i in doc.user_data["paperkg.matches"] if i in ids}
        theirs = {(s, e, nlp.vocab.strings[m]) for m, s, e in matcher(doc)}
        assert ours == theirs, (doc.text[:80], sorted(ours ^ theirs)[:5])
        compared += len(ours)
    assert compared > 2000  # the comparison covered many matches, not a few

