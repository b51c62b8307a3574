"""The fast pattern paths must find exactly what spaCy's own Matcher finds."""
from __future__ import annotations

from paperkg.extract.nlp import make_nlp
from paperkg.extract.resources import load_patterns
from paperkg.ingest import ingest
from paths import SEEDS


def test_fastmatch_agrees_with_spacy_matcher_over_the_seed_corpus():
    from spacy.matcher import Matcher

    nlp = make_nlp(write_spans=True)  # sentence starts on the Doc too, which the Matcher reads
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



def test_sentence_starts_agree_with_spacy_sentencizer_over_the_seed_corpus():
    import spacy

    from paperkg.extract.nlp import token_columns

    nlp = make_nlp()
    reference = spacy.blank("en")
    reference.tokenizer = nlp.tokenizer
    reference.add_pipe("sentencizer")
    papers = ingest([str(SEEDS)]).papers
    texts = [f"{p.title}\n\n{p.abstract}" for p in papers] + ["", "Hi", "?!", "Ends. (A) new one... ok? Yes!"]
    sentences = 0
    for ours, theirs in zip(nlp.pipe(texts), reference.pipe(texts)):
        expected = [1 if t.is_sent_start else -1 for t in theirs]
        assert token_columns(ours)[2] == expected, theirs.text[:80]
        sentences += expected.count(1)
    assert sentences > 3000


def test_spans_for_spacy_tools_carry_sentences():
    doc = make_nlp(write_spans=True)("We propose FooNet. It beats DPO on GSM8K.")
    assert [s.text for s in doc.sents] == ["We propose FooNet.", "It beats DPO on GSM8K."]
    assert {s.text for s in doc.spans["paperkg"]} >= {"DPO", "GSM8K"}
