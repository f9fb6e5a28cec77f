"""The network's running-sum tally gives what counting the events one by one gives."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import duckdb
import pyarrow as pa
import pytest

from sitroom.server.tally import Dyads

DAY0 = dt.date(2020, 1, 1)


@pytest.fixture(scope="module")
def rows():
    """3,000 dyads with skewed event counts over two years, some events undated."""
    rng = random.Random(5)
    found = defaultdict(lambda: [0, 0.0])
    for _ in range(20_000):
        source, target = rng.paretovariate(1.2) // 1, rng.randrange(60)
        day = None if rng.random() < 0.02 else DAY0 + dt.timedelta(days=rng.randrange(730))
        quad = rng.randint(1, 4)
        entry = found[(day, quad, int(source) % 50, target)]
        entry[0] += 1
        entry[1] += rng.choice((-10.0, -4.4, 0.0, 1.9, 7.4))
    return [(*key, n, g) for key, (n, g) in found.items()]


@pytest.fixture(scope="module")
def dyads(rows):
    conn = duckdb.connect()  # its catalog is `memory`, as the server's summaries are
    names = ("day", "quad", "source", "target", "n", "gsum")
    conn.register("found", pa.Table.from_pylist([dict(zip(names, r)) for r in rows]))
    conn.execute("CREATE TABLE dyad_days AS SELECT day::DATE AS day, quad::UTINYINT AS quad, "
                 "source::INTEGER AS source, target::INTEGER AS target, n::INTEGER AS n, "
                 "gsum::DOUBLE AS gsum FROM found")
    return Dyads.load(conn)


def _counted(rows, since, until, quads):
    events, gsum = defaultdict(int), defaultdict(float)
    for day, quad, source, target, n, g in rows:
        inside = (since is None and until is None) or (
            day is not None and (since is None or day >= since) and
            (until is None or day <= until))
        if inside and quad in quads:
            events[(source, target)] += n
            gsum[(source, target)] += g
    ranked = sorted(events, key=lambda k: (-events[k], k))
    return [(k, events[k], round(gsum[k] / events[k], 2)) for k in ranked]


@pytest.mark.parametrize("since, until, quads", [
    (None, None, [1, 2, 3, 4]), (DAY0, None, [1, 2, 3, 4]), (None, DAY0, [3, 4]),
    (dt.date(2020, 3, 1), dt.date(2020, 3, 31), [1, 2, 3, 4]),
    (dt.date(2021, 6, 1), dt.date(2021, 6, 3), [2]), (dt.date(1999, 1, 1), DAY0, [1])])
def test_web_tally_edges_match_counting(rows, dyads, since, until, quads):
    for limit, least in ((150, 1), (10, 3), (5000, 1)):
        got = dyads.edges(since, until, quads, limit=limit, min_events=least)
        expected = [e for e in _counted(rows, since, until, quads) if e[1] >= least][:limit]
        assert [((e["source"], e["target"]), e["events"]) for e in got] == \
            [(key, n) for key, n, _ in expected]
        assert [e["goldstein"] for e in got] == pytest.approx([g for *_, g in expected],
                                                              abs=0.011)
        for edge in got:
            assert edge["events"] == sum(edge[k] for k in (
                "verbal_cooperation", "material_cooperation", "verbal_conflict",
                "material_conflict"))
