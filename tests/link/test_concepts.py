from __future__ import annotations

from paperkg.link import resolve
from paperkg.model import Extraction, Mention


def _m(name, *, type="method", role="mentioned", surface=None, long_form=None, start=0, aliases=()):
    surface = surface or name
    return Mention(type=type, name=name, surface=surface, role=role, field="abstract", start=start,
                   end=start + len(surface), sentence=0, rule="test", confidence=0.9, aliases=tuple(aliases),
                   long_form=long_form)


def _ids(res, pid):
    return sorted({cid for (p, _), cid in res.assignment.items() if p == pid})


def test_concepts_same_normalised_name_merges_and_versions_do_not():
    res = resolve([
        Extraction("a", "A", (_m("Llama-3.1"), _m("GPT-4", start=20))),
        Extraction("b", "B", (_m("Llama 3.1"), _m("GPT-4o", start=20))),
    ])
    llama = {res.assignment[(p, 0)] for p in ("a", "b")}
    assert llama == {"method:llama-3-1"}
    gpt = sorted(c.id for c in res.concepts.values() if c.name.startswith("GPT-4"))
    assert gpt == ["method:gpt-4", "method:gpt-4o"]


def test_concepts_same_acronym_defined_differently_stays_apart_with_telling_ids():
    res = resolve([
        Extraction("a", "A", (_m("SAM", long_form="Sharpness Aware Minimization", aliases=("Sharpness Aware Minimization",)),)),
        Extraction("b", "B", (_m("SAM", long_form="Spatial Attention Module", aliases=("Spatial Attention Module",)),)),
    ])
    assert sorted(res.concepts) == ["method:sharpness-aware-minimization", "method:spatial-attention-module"]
    assert {c.acronym for c in res.concepts.values()} == {"SAM"}


def test_concepts_undefined_acronym_joins_the_only_definition():
    res = resolve([
        Extraction("a", "A", (_m("ZQO", long_form="Zeta Quantile Optimization", role="proposed"),)),
        Extraction("b", "B", (_m("ZQO", role="compared"),)),
    ])
    (c,) = res.concepts.values()
    assert (c.id, c.papers, c.proposed_by) == ("method:zeta-quantile-optimization", 2, ("a",))
    (d,) = [d for d in res.decisions if d.rule == "undefined-acronym"]
    assert d.concept == c.id and d.evidence[0].paper == "b"


def test_concepts_undefined_acronym_with_two_definitions_is_kept_apart():
    res = resolve([
        Extraction("a", "A", (_m("ZQO", long_form="Zeta Quantile Optimization"),)),
        Extraction("b", "B", (_m("ZQO", long_form="Zero Query Oracle"),)),
        Extraction("c", "C", (_m("ZQO"),)),
    ])
    assert len(res.concepts) == 3
    assert [d.rule for d in res.decisions if d.alias == "ZQO" and d.rule == "kept-apart"] == ["kept-apart"]


def test_concepts_gazetteer_aliases_merge_and_decisions_cite_evidence():
    res = resolve([
        Extraction("a", "A", (_m("DPO", surface="Direct Preference Optimization"), _m("DPO", start=40))),
        Extraction("b", "B", (_m("DPO"),)),
    ])
    (c,) = res.concepts.values()
    assert c.id == "method:direct-preference-optimization"
    assert c.long_form == "Direct Preference Optimization" and c.acronym == "DPO"
    (d,) = [d for d in res.decisions if d.alias == "Direct Preference Optimization"]
    assert d.rule == "gazetteer" and (d.evidence[0].paper, d.evidence[0].start) == ("a", 0)


def test_concepts_plural_and_singular_names_are_one_concept():
    from paperkg.extract import extract_papers
    from paperkg.link.concepts import resolve
    from paperkg.model import Paper

    papers = [
        Paper(id="p:1", title="On Patches", abstract="Vision Transformers (ViTs) split images into patches."),
        Paper(id="p:2", title="On Tokens", abstract="We prune tokens of a ViT during inference."),
        Paper(id="p:3", title="On Fields", abstract="We speed up QuorfGAN training. Many QuorfGANs share a grid."),
    ]
    res = resolve(extract_papers(papers))
    vit = {cid for (pid, _), cid in res.assignment.items() if pid in ("p:1", "p:2") and "vision" in cid}
    assert len(vit) == 1
    quorf = {cid for (pid, _), cid in res.assignment.items() if pid == "p:3"}
    assert len(quorf) == 1


def test_concepts_a_local_definition_does_not_take_the_gazetteer_names():
    """SAM defined as Sharpness-Aware Minimization stays apart from Segment Anything and
    carries none of its aliases."""
    from paperkg.extract import extract_papers
    from paperkg.link.concepts import resolve
    from paperkg.model import Paper

    papers = [Paper(id="p:1", title="Flat Minima",
                    abstract="We analyse Sharpness-Aware Minimization (SAM) for small batches. SAM helps.")]
    res = resolve(extract_papers(papers))
    (concept,) = [c for c in res.concepts.values() if c.name == "SAM"]
    assert concept.long_form == "Sharpness-Aware Minimization"
    assert not {"Segment Anything", "Segment Anything Model"} & set(concept.aliases)


def test_concepts_ids_and_names_do_not_depend_on_input_order():
    """The issue's case: "Llama3.1-8B" and "Llama-3.1-8B" meet under one key; whichever
    paper comes first, the concept has the same id, name and aliases."""
    a = Extraction("p:a", "A", (_m("Llama3.1-8B"),))
    b = Extraction("p:b", "B", (_m("Llama-3.1-8B"),))
    c = Extraction("p:c", "C", (_m("Llama-3.1-8B"),))
    forward, backward = resolve([a, b, c]), resolve([c, b, a])
    assert forward.concepts == backward.concepts
    (concept,) = forward.concepts.values()
    assert (concept.id, concept.name) == ("method:llama3-1-8b", "Llama-3.1-8B")  # shortest slug; most used spelling


def test_concepts_seed_resolution_is_the_same_in_any_order():
    import random

    from paperkg.extract import extract_papers
    from paperkg.ingest import ingest
    from paths import SEEDS

    extractions = extract_papers(ingest([str(SEEDS)]).papers)
    shuffled = list(extractions)
    random.Random(5).shuffle(shuffled)
    one, other = resolve(extractions), resolve(shuffled)
    assert one.concepts == other.concepts
    assert one.assignment == other.assignment
    assert one.decisions == other.decisions


def test_concepts_a_resolver_fed_across_processes_resolves_as_one_given_the_extractions():
    """``Extraction.found`` (what a pass-two worker leaves the resolving worker, pickled)
    carries all the resolver reads: the same groups, concepts and decisions as ``add``."""
    import pickle

    from paperkg.link.concepts import Resolver

    exs = [Extraction("p:a", "A", (_m("DPO", long_form="Direct Preference Optimization", role="proposed"),
                                   _m("ImageNet", type="dataset", surface="ImageNet-1k", aliases=("IN-1k",)))),
           Extraction("p:b", "B", (_m("DPO", start=9), _m("Llama-3.1-8B")))]
    direct, through = Resolver(), Resolver()
    for ex in exs:
        direct.add(ex)
        through.add_rows(*pickle.loads(pickle.dumps(ex.found()))[:2])
    def values(r):  # each group as the built-in values its state is saved as, in the order made
        return [(key, g.__reduce__()[1]) for key, g in r.groups.items()]

    assert values(direct) == values(through) and len(direct.groups) == 3
    one, other = direct.finish(), through.finish()
    assert one.concepts == other.concepts and one.decisions == other.decisions
    assert one.concepts["method:direct-preference-optimization"].proposed_by == ("p:a",)


def test_concepts_keys_hold_plain_strings_however_the_mention_was_made():
    """A mention made by extraction carries an ``EntityType``; one read back from JSON a
    string. Equal, but pickled apart: keys (saved in a build's state) take the string, so
    the state's bytes do not follow which kind a process met first."""
    from paperkg.kinds import EntityType
    from paperkg.link.concepts import Resolver

    for typ in (EntityType.METHOD, "method", EntityType.DATASET):
        r = Resolver()
        r.add(Extraction("p:a", "A", (_m("Zorblax", type=typ), _m("QXT", type=typ, long_form="Quick Xor Tree"))))
        assert r.groups and all(type(part) is str for key in r.groups for part in key)
