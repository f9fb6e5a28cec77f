"""The seed article: sourced statements first, unattributed analysis last (issue 4, item 4)."""

from __future__ import annotations

import pytest

from sitroom.stages.sourcing import UNATTRIBUTED, unsourced_share

pytestmark = [pytest.mark.model, pytest.mark.shared]


def paragraphs(seed) -> list[list]:
    """The sentences of each paragraph of the seed, in order."""
    text = seed.document.text
    out, start = [], 0
    for block in text.split("\n"):
        end = start + len(block)
        out.append([s for s in seed.sentences if start <= s.span.start < end])
        start = end + 1
    return [p for p in out if p]


def test_sourcing_seed_statements_are_sourced(seed):
    paras = paragraphs(seed)
    assert len(paras) == 7
    for n in (0, 1, 3):  # Putin (twice) and Stoltenberg
        assert all(s.sourcing != UNATTRIBUTED for s in paras[n]), n
    putin = [s for p in paras[:2] for s in p]
    assert all(s.sourcing == "quoted" and s.attributed_to == "person:vladimir-putin"
               for s in putin)
    members = paras[2][1]
    assert members.span.text.startswith("Many NATO members") and members.sourcing == "attributed"


def test_sourcing_seed_first_paragraphs_sourced_last_unattributed(seed):
    paras = paragraphs(seed)
    first = [s for p in paras[:4] for s in p]
    last = [s for p in paras[4:] for s in p]
    share = lambda items: sum(s.sourcing == UNATTRIBUTED for s in items) / len(items)
    assert share(first) <= 0.15 and share(last) >= 0.85
    assert unsourced_share(seed) == pytest.approx(
        sum(s.sourcing == UNATTRIBUTED for s in seed.sentences) / len(seed.sentences))


def test_sourcing_seed_analysis_paragraphs_all_unattributed(seed):
    last = [s for p in paragraphs(seed)[4:] for s in p]
    assert [s.sourcing for s in last] == [UNATTRIBUTED] * len(last)
