"""The seed article: who stands where on Ukraine's membership in NATO (issue 4, item 2)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]

MEMBERSHIP = "membership(UKR, NATO)"


def held_by(seed, *holders: str) -> list:
    return [s for s in seed.stances if s.holder_actor in holders and s.proposition == MEMBERSHIP]


def test_stance_seed_putin_against_membership(seed):
    putin = held_by(seed, "person:vladimir-putin")
    assert len(putin) >= 3  # "As for ...", "the threat of Ukraine joining NATO", "will not"
    assert all(s.polarity == -1 and s.via_quote for s in putin)
    texts = {s.proposition_text for s in putin}
    assert {"Ukraine's membership in NATO", "Ukraine joining NATO"} <= texts


def test_stance_seed_stoltenberg_for_nato_in_favour(seed):
    stoltenberg = held_by(seed, "person:jens-stoltenberg")
    assert len(stoltenberg) >= 2 and all(s.polarity == 1 for s in stoltenberg)
    assert seed.actor("person:jens-stoltenberg").affiliation == "igo:NATO"


def test_stance_seed_eastern_members_in_favour(seed):
    [record] = [s for s in seed.stances if s.holder and "NATO members in Eastern Europe"
                in s.holder.text]
    assert record.proposition == MEMBERSHIP and record.polarity == 1
    assert record.proposition_text.startswith("incorporating Kyiv into the alliance")
    assert seed.actor(record.holder_actor).affiliation == "igo:NATO"


def test_stance_seed_russia_against(seed):
    russia = held_by(seed, "state:RUS", "gov:RUS")
    assert len(russia) >= 2 and all(s.polarity == -1 for s in russia)
    assert any(s.evidence.text.startswith("However, for Russia") for s in russia)
    moscow = [s for s in seed.stances if s.holder_actor == "gov:RUS"
              and s.proposition == "deployment(NATO, UKR)"]
    assert [s.polarity for s in moscow] == [-1]


def test_stance_seed_nobody_on_the_other_side(seed):
    """No holder is given both stances on membership, and every record's evidence is text."""
    sides: dict[str, set[int]] = {}
    for s in seed.stances:
        assert seed.document.text[s.evidence.start:s.evidence.end] == s.evidence.text
        if s.proposition == MEMBERSHIP and s.polarity:
            sides.setdefault(s.holder_actor, set()).add(s.polarity)
    assert all(len(v) == 1 for v in sides.values()), sides
