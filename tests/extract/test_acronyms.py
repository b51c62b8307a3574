import pytest

from paperkg.extract.acronyms import best_long_form, find_pairs


def _pairs(text):
    return [(p.short, p.long, text[p.short_start:p.short_end], text[p.long_start:p.long_end]) for p in find_pairs(text)]


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("We use Direct Preference Optimization (DPO) here.", "DPO", "Direct Preference Optimization"),
        ("with Proximal Policy Optimization (PPO; Schulman et al., 2017)", "PPO", "Proximal Policy Optimization"),
        ("we introduce Credit Assignment with Language Models (CALM), a novel", "CALM",
         "Credit Assignment with Language Models"),
        ("the task of temporal sentence grounding (TSG) is", "TSG", "temporal sentence grounding"),
        ("We use DPO (Direct Preference Optimization) often.", "DPO", "Direct Preference Optimization"),
        ("planning with Retrieval-augmentation (CR-Planner)", "CR-Planner", "Critic-guided planning with Retrieval-augmentation"),
    ],
)
def test_acronyms_pairs_and_offsets(text, short, long):
    if short == "CR-Planner":
        text = "Critic-guided " + text
    got = _pairs(text)
    assert (short, long, short, long) in got


@pytest.mark.parametrize("text", ["results (ours) are good", "a value (e.g. 5)", "see (Smith 2020)", "x (1, 2)"])
def test_acronyms_ignore_non_definitions(text):
    assert find_pairs(text) == []


def test_best_long_form_requires_first_letter_at_word_start():
    assert best_long_form("RL", "reinforcement learning") == "reinforcement learning"
    assert best_long_form("XYZ", "nothing matches here") is None


@pytest.mark.parametrize(
    "text, short, long",
    [
        ("we derive Paired Pivot Policy Optimization (P3O) for", "P3O", "Paired Pivot Policy Optimization"),
        ("the Kidney Tumour Segmentation Challenge (KiTS21) was", "KiTS21", "Kidney Tumour Segmentation Challenge"),
    ],
)
def test_acronyms_digits_are_counts_or_versions(text, short, long):
    assert (short, long, short, long) in _pairs(text)


def test_acronyms_long_form_never_starts_with_a_pronoun():
    assert ("W2V", "word to vector", "W2V", "word to vector") in _pairs("We use word to vector (W2V) too.")
