import pytest

from paperkg.extract.links import classify, find_urls, is_official


@pytest.mark.parametrize(
    "text, url, kind, repo",
    [
        ("Code: https://github.com/wzhouad/T-REG.", "https://github.com/wzhouad/T-REG", "code", "wzhouad/T-REG"),
        ("at https://github.com/yanyanSann/PromptTPP}},", "https://github.com/yanyanSann/PromptTPP", "code", "yanyanSann/PromptTPP"),
        ("(https://github.com/a/b.git/tree/main/src)", "https://github.com/a/b.git/tree/main/src", "code", "a/b"),
        ("see gitlab.com/group/tool, and", "https://gitlab.com/group/tool", "code", "group/tool"),
        ("https://bitbucket.org/o/n)", "https://bitbucket.org/o/n", "code", "o/n"),
        ("at clvrai.com/boss.", "https://clvrai.com/boss", "project-page", None),
        ("page https://talc-mst2v.github.io/.", "https://talc-mst2v.github.io", "project-page", None),
        ("https://huggingface.co/datasets/nvidia/HelpSteer2", "https://huggingface.co/datasets/nvidia/HelpSteer2", "dataset", "nvidia/HelpSteer2"),
        ("https://huggingface.co/meta-llama/Llama-2-7b", "https://huggingface.co/meta-llama/Llama-2-7b", "model", "meta-llama/Llama-2-7b"),
        ("video: https://youtu.be/7WOrDKxIMIs", "https://youtu.be/7WOrDKxIMIs", "video", None),
        ("https://arxiv.org/abs/2401.00001,", "https://arxiv.org/abs/2401.00001", "other", None),
        ("https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_(bar)", "other", None),
        ("https://github.com/x/doc_lmhttps://github.com/x/doc_lm.", "https://github.com/x/doc_lm", "code", "x/doc_lm"),
    ],
)
def test_links_canonical_kind_repo(text, url, kind, repo):
    (found, *_) = find_urls(text)
    assert (found.url, found.kind, found.repo) == (url, kind, repo)
    assert text[found.start:found.end] in (url, url.removeprefix("https://"), url + "/")


@pytest.mark.parametrize("text", ["e.g. this", "Fig.3 shows", "version 2.0.1 of", "user@example.com"])
def test_links_not_urls(text):
    assert find_urls(text) == []


def test_links_official_cue():
    assert is_official("Our code is available at https://github.com/a/b.")
    assert is_official("We release the dataset at https://x.io/d.")
    assert not is_official("The baseline implementation from https://github.com/c/d was used.")


def test_links_classify_github_root_has_no_repo():
    assert classify("https://github.com/openai") == ("other", None)
