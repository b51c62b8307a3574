"""One test per class of error the extractor made on unseen text, each on sentences written
here (invented names, so no gazetteer entry can answer for the rule under test)."""
from __future__ import annotations

import pytest

from paperkg.extract import extract_papers
from paperkg.model import Paper


def _one(title: str, abstract: str):
    (ex,) = extract_papers([Paper(id="t:1", title=title, abstract=abstract)])
    return ex


def _names(ex) -> dict:
    out = {}
    for m in ex.entities:
        out.setdefault(m.name, m)
    return out


TITLE = "A Study of Things That Happen"


# 1. Type from context -------------------------------------------------------------------
@pytest.mark.parametrize(
    "abstract, name, typ",
    [
        ("We collect a dataset called Marlowe with 10k dialogues.", "Marlowe", "dataset"),
        ("We test on benchmarks including QuorkEval, TessQA and ZibLab.", "ZibLab", "benchmark"),
        ("Results on datasets such as FlimFlam and Grobble show gains.", "Grobble", "dataset"),
        ("We evaluate on MMLU and Snorkeltown.", "Snorkeltown", "data"),
        ("The model is trained on WikiBlend and fine-tuned on short texts.", "WikiBlend", "dataset"),
        ("Scores improve on the Quibble, Zarf and Frobnitz benchmarks.", "Zarf", "benchmark"),
        ("We fine-tune PlumeNet on three corpora.", "PlumeNet", "method"),
    ],
)
def test_error_class_type_from_context(abstract, name, typ):
    m = _names(_one(TITLE, abstract))[name]
    assert m.type in (("dataset", "benchmark") if typ == "data" else (typ,)), m.evidence


def test_error_class_abstract_words_beat_the_title_default():
    ex = _one("TrellisQ: Measuring Lookahead in Planners",
              "We introduce TrellisQ, a benchmark of 900 planning puzzles. Models fail on it.")
    m = _names(ex)["TrellisQ"]
    assert (m.type, m.role) == ("benchmark", "introduced")
    assert "appositive:benchmark" in m.evidence


def test_error_class_corpus_vote_weighs_evidence_not_the_first_paper():
    """A name several papers call a network stays a method although one says "on" it."""
    papers = [
        Paper(id="p:1", title="Probing Depth", abstract="We report accuracy on GlimNet-50 after pruning."),
        Paper(id="p:2", title="Wide Things", abstract="GlimNet-50 is a network with 50 layers."),
        Paper(id="p:3", title="More Things", abstract="We train the GlimNet-50 model on images."),
    ]
    exs = extract_papers(papers)
    types = {ex.id: {m.type for m in ex.entities if m.name == "GlimNet-50"} for ex in exs}
    assert types == {"p:1": {"method"}, "p:2": {"method"}, "p:3": {"method"}}


# 2. Names outside the lists -------------------------------------------------------------
@pytest.mark.parametrize(
    "abstract, name",
    [
        ("We compare against gpt-4.1 and o3-mini on math.", "gpt-4.1"),
        ("We compare against gpt-4.1 and o3-mini on math.", "o3-mini"),
        ("Labels come from text-davinci-003 in a first pass.", "text-davinci-003"),
        ("We report results on Sprocket_1K with few labels.", "Sprocket_1K"),
        ("Our agent solves tasks in Webshop with high success.", "WebShop"),
        ("We propose Lattice Echo Sampling, a decoding method for long outputs.", "Lattice Echo Sampling"),
        ("The planner, named Quiet River Search, expands few nodes.", "Quiet River Search"),
    ],
)
def test_error_class_names_beyond_the_lists(abstract, name):
    assert name in _names(_one(TITLE, abstract))


def test_error_class_all_caps_name_in_a_list_is_kept():
    names = _names(_one(TITLE, "We evaluate on GSM8K, MMLU and QZRT with gains on each."))
    assert names["QZRT"].type in ("dataset", "benchmark")


# 3. Acronyms and "we call it" ----------------------------------------------------------
def test_error_class_acronym_with_untyped_long_form_is_kept():
    names = _names(_one(TITLE, "We control the arm with receding horizon steering (RHS) at 50 Hz."))
    assert names["RHS"].long_form == "receding horizon steering"


def test_error_class_organisation_acronym_is_not_a_concept():
    names = _names(_one(TITLE, "Data comes from the Northern Rail Agency (NRA) archive."))
    assert "NRA" not in names


@pytest.mark.parametrize(
    "abstract, name",
    [
        ("We design a planner that prunes early; we call it Bramble.", "Bramble"),
        ("We train a small model. Our trained LLM, Tinsel-2, beats larger ones.", "Tinsel-2"),
        ("Our model, HeronNet, runs on phones.", "HeronNet"),
    ],
)
def test_error_class_call_and_our_are_proposals(abstract, name):
    assert _names(_one(TITLE, abstract))[name].role == "proposed"


# 4. Title forms ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    ["Quokka - Fast Retrieval for Long Inputs", "Quokka — Fast Retrieval for Long Inputs",
     "Faster Retrieval for Long Inputs with Quokka"],
)
def test_error_class_title_forms(title):
    m = _names(_one(title, "Retrieval is slow. Quokka caches keys and is fast."))["Quokka"]
    assert m.role == "proposed"


# 5. Roles ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "abstract, name",
    [
        ("To measure this we build our benchmark, PuzzleDen, from 2k games.", "PuzzleDen"),
        ("PuzzleDen is a new benchmark that we introduce for game play.", "PuzzleDen"),
    ],
)
def test_error_class_introduced_benchmarks(abstract, name):
    m = _names(_one(TITLE, abstract))[name]
    assert (m.type, m.role) == ("benchmark", "introduced")


def test_error_class_established_methods_are_not_proposed():
    names = _names(_one(TITLE, "We further introduce the classical elastic weight consolidation (EWC) for updates."))
    assert names["EWC"].role != "proposed"


# 6. Precision --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "abstract, word",
    [
        ("We use an LLM-judge to score answers.", "LLM-judge"),
        ("We train on A100 and H100 GPUs for two days.", "A100"),
        ("Long cOntext aliGnment helps readers.", "cOntext"),
        ("The resonance appears at 125 GeV and 3 GPa.", "GeV"),
        ("Thin films of Al2O3 and MgB2 were grown.", "MgB2"),
        ("We observe NGC 6752 and J0632+058 in the optical.", "J0632+058"),
        ("We observe NGC 6752 and J0632+058 in the optical.", "NGC"),
        ("The bound holds for Inv_{k,1} of the group.", "Inv_{k,1}"),
        ("Results appear at NeurIPS'24 and CVPR2023.", "CVPR2023"),
        ("Crystals of SnSe and GaAs were grown by the Bridgman method.", "SnSe"),
        ("We compare the clusters M15 and M92 with simulations.", "M15"),
        ("The Cmca-12 phase is stable below 250 GPa.", "Cmca-12"),
        ("We find 5 sigma sensitivity for half of the delta_CP values.", "delta_CP"),
        ("We present observations of HESS J0632+057 over ten years.", "HESS"),
        ("The dataset is released under CC-BY-4.0 and the code under Apache-2.0.", "CC-BY-4.0"),
    ],
)
def test_error_class_precision(abstract, word):
    ex = _one(TITLE, abstract)
    assert not [m for m in ex.entities if word in m.surface], [m.surface for m in ex.entities]
