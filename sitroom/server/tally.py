"""Event counts per (dyad, day, quad class) as running totals in numpy arrays.

Rows are ordered by dyad, then day, and for each quad class the arrays hold running sums of
events and of Goldstein scores. The events of a dyad in any time window are then the
difference of two running sums, found by binary search. Dyads are visited busiest (over all
time) first, in growing batches, and the visit stops once no remaining dyad could enter the
top `limit` even with all its events inside the window: news is skewed, so a network over any
window usually looks at a few thousand dyads, not all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

QUADS = (1, 2, 3, 4)
_EPOCH = dt.date(1970, 1, 1)
_SPAN = 1 << 32  # a dyad's rows have keys dyad * _SPAN + (day + 2**31)
_UNDATED = (1 << 32) - 1  # undated rows sort last in their dyad, outside every window


@dataclass(frozen=True)
class Dyads:
    keys: np.ndarray  # int64, ascending: dyad * _SPAN + day offset
    sources: np.ndarray  # int32 actor key of each dyad
    targets: np.ndarray
    busiest: np.ndarray  # dyads by all-time events, most first
    totals: np.ndarray  # all-time events of each dyad
    events: dict[int, np.ndarray]  # quad (0: all) -> int64 running sums, one longer than keys
    gsum: dict[int, np.ndarray]  # quad (0: all) -> float64 running sums of Goldstein scores

    @classmethod
    def load(cls, cursor) -> Dyads:
        """From `memory.dyad_days` (one row per day, quad class, source and target)."""
        found = cursor.execute(f"""
            SELECT coalesce((day - DATE '1970-01-01')::BIGINT + {1 << 31}, {_UNDATED}) AS at,
                   quad, source, target, n, gsum FROM memory.dyad_days""").fetchnumpy()
        pairs = np.stack([found["source"], found["target"]], axis=1).reshape(-1, 2)
        dyads, index = np.unique(pairs, axis=0, return_inverse=True)
        keys = index.ravel().astype(np.int64) * _SPAN + found["at"].astype(np.int64)
        order = np.argsort(keys, kind="stable")
        quads, counts, scores = found["quad"][order], found["n"][order], found["gsum"][order]
        events = {0: _running(counts.astype(np.int64))}
        gsum = {0: _running(scores)}
        for quad in QUADS:
            mine = quads == quad
            events[quad] = _running(np.where(mine, counts, 0).astype(np.int64))
            gsum[quad] = _running(np.where(mine, scores, 0.0))
        totals = np.bincount(index.ravel(), weights=found["n"], minlength=len(dyads))
        return cls(keys=keys[order], sources=dyads[:, 0].astype(np.int32),
                   targets=dyads[:, 1].astype(np.int32), busiest=np.argsort(-totals,
                                                                            kind="stable"),
                   totals=totals.astype(np.int64), events=events, gsum=gsum)

    def edges(self, since: dt.date | None, until: dt.date | None, quads: list[int], *,
              limit: int, min_events: int) -> list[dict]:
        """The busiest dyads in the window: events, mean Goldstein, events per quad class."""
        chosen = (0,) if set(quads) == set(QUADS) else tuple(quads)
        least = max(min_events, 1)
        seen, counts, batch = 0, [], 1024
        while seen < len(self.busiest):
            dyads = self.busiest[seen:seen + batch]
            low, high = self._bounds(dyads, since, until)
            counts.append((dyads, sum(self.events[q][high] - self.events[q][low]
                                      for q in chosen)))
            seen, batch = seen + len(dyads), batch * 2
            cut = self._cut(counts, limit, least)
            if seen < len(self.busiest) and self.totals[self.busiest[seen]] < cut:
                break  # no dyad left has that many events, even over all time
        dyads = np.concatenate([d for d, _ in counts])
        events = np.concatenate([e for _, e in counts])
        top = self._top(dyads, events, limit=limit, least=least)
        return self._edges(dyads[top], events[top], since, until, quads)

    def _cut(self, counts: list, limit: int, least: int) -> int:
        """The fewest events a dyad needs to be in the top `limit` of those seen so far."""
        seen = np.concatenate([e for _, e in counts])
        if len(seen) < limit:
            return least
        return max(least, int(np.partition(seen, len(seen) - limit)[len(seen) - limit]))

    def _top(self, dyads: np.ndarray, events: np.ndarray, *, limit: int,
             least: int) -> np.ndarray:
        """Positions of the busiest, at least `least` events (ties: by source, target)."""
        kept = np.flatnonzero(events >= least)
        if len(kept) > limit:  # only those that can make the cut are sorted
            cut = np.partition(events[kept], len(kept) - limit)[len(kept) - limit]
            kept = kept[events[kept] >= cut]
        order = np.lexsort((self.targets[dyads[kept]], self.sources[dyads[kept]],
                            -events[kept]))
        return kept[order[:limit]]

    def _edges(self, dyads: np.ndarray, events: np.ndarray, since, until,
               quads: list[int]) -> list[dict]:
        low, high = self._bounds(dyads, since, until)
        per_quad = {q: ((self.events[q][high] - self.events[q][low]) * (q in quads)).tolist()
                    for q in QUADS}
        gsum = sum(self.gsum[q][high] - self.gsum[q][low] for q in quads)
        mean = np.round(gsum / np.maximum(events, 1), 2).tolist()
        return [{"source": int(self.sources[d]), "target": int(self.targets[d]),
                 "events": int(events[n]), "goldstein": mean[n],
                 "verbal_cooperation": per_quad[1][n], "material_cooperation": per_quad[2][n],
                 "verbal_conflict": per_quad[3][n], "material_conflict": per_quad[4][n]}
                for n, d in enumerate(dyads.tolist())]

    def _bounds(self, dyads: np.ndarray, since: dt.date | None, until: dt.date | None):
        """For each dyad, the positions of its first row in the window and of the next."""
        start = dyads.astype(np.int64) * _SPAN
        first = 0 if since is None else _offset(since)
        if until is not None:
            end = _offset(until) + 1
        else:  # with no window at all, undated events count too
            end = _SPAN if since is None else _UNDATED
        order = np.argsort(start)  # sorted needles search several times faster
        low, high = np.empty_like(start), np.empty_like(start)
        low[order] = np.searchsorted(self.keys, start[order] + first, "left")
        high[order] = np.searchsorted(self.keys, start[order] + end, "left")
        return low, high


def _running(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values) + 1, dtype=values.dtype)
    np.cumsum(values, out=out[1:])
    return out


def _offset(day: dt.date) -> int:
    return (day - _EPOCH).days + (1 << 31)
