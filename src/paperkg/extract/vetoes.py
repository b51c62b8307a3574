"""Tokens that are never part of a name, found by shape and position rather than by lists:
the veto patterns' hits (units, formulas, sky objects, hardware, venues, maths), a catalogue
word before a number ("NGC 6752"), a capitalised word before a sky position
("HESS J0632+057") and words carrying an author's footnote mark ("JonathanShen1]")."""
from __future__ import annotations

from paperkg.extract.docview import DocView


def vetoed_tokens(view: DocView, found, cues) -> set[int]:
    """Indices of the view's tokens that no name may include; ``found`` are the rule
    component's matches for the view."""
    out = {i for s, e, kind, _ in found if kind == "veto" for i in range(s, e)}
    # "HESS J0632+057", "PSR J1748-2446": the word before a sky position is part of the designation
    out.update(s - 1 for s, e, kind, ident in found if ident == "veto-sky-coordinates" and s > 0
               and view.texts[s - 1][:1].isupper())
    if "]" in view.texts:
        out.update(footnoted(view.texts))
    if not cues["catalogues"].isdisjoint(view.texts):
        for i in range(len(view) - 1):
            if view.texts[i] in cues["catalogues"] and view.texts[i + 1][:1].isdigit():
                out.update((i, i + 1))
    return out


def footnoted(texts: list[str]) -> set[int]:
    """Words closed by a bracket that never opened ("JonathanShen1] RuomingPang 1]"): the
    affiliation marks of an author list run into the text, not a citation ("ResNet [12]")."""
    out = set()
    for i in range(len(texts) - 1):
        j = i + 1 + (texts[i + 1].isdigit() and i + 2 < len(texts))
        if texts[j] == "]" and texts[i] not in ("[", "]") and "[" not in texts[max(0, i - 3) : i + 1]:
            out.add(i)
    return out
