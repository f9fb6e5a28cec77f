"""Near-duplicate detection for syndicated copies: MinHash over word shingles, with LSH.

A wire story reprinted by ten outlets differs by a byline, a headline, a trimmed last
paragraph; its exact hash differs but most of its 5-word shingles do not. Each original's
signature is kept in the store, so a later run (or a resumed one) sees every original before.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

NUM_PERM = 64
SHINGLE = 5
# Texts with fewer shingles than this are not compared: short items (a one-line brief, a
# results table) share most of their few shingles without being copies of each other.
MIN_SHINGLES = 20
_SCHEME = "affine32"
_SEED = 1
_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(1_000_003)
_MASK32 = np.uint64(0xFFFFFFFF)


def signature(text: str) -> bytes | None:
    """The MinHash of `text`'s word 5-grams, as bytes; None when the text is too short."""
    from datasketch import MinHash

    shingles = shingle_hashes(text)
    if shingles is None:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME,
                      permutations=_permutations(), hashfunc=_as_is)
    minhash.update_batch(shingles)
    return minhash.hashvalues.astype(np.uint32).tobytes()


def shingle_hashes(text: str) -> np.ndarray | None:
    """32-bit hashes of the distinct word 5-grams of `text` (None below `MIN_SHINGLES`).

    Each word is hashed once (CRC-32, stable across processes and runs) and the five hashes of
    a shingle are combined with numpy, rather than hashing every shingle string with SHA-1:
    the same sets, a tenth of the time.
    """
    words = _WORD.findall(text.casefold())
    count = len(words) - SHINGLE + 1
    if count < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64,
                         count=len(words))
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):
        combined = (combined * _MULTIPLIER + hashes[offset:offset + count]) & _MASK32
    distinct = np.unique(combined)
    return distinct if len(distinct) >= MIN_SHINGLES else None


def _as_is(value):
    return value


@functools.cache
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


@dataclass(frozen=True)
class Match:
    original: str
    similarity: float


class NearDuplicates:
    """The originals seen so far, and which of them a new text copies (estimated Jaccard
    similarity of shingles at least `threshold`)."""

    def __init__(self, threshold: float = 0.8):
        from datasketch import MinHashLSH

        self.threshold = threshold
        # Weighted for recall: a candidate is checked against its signature anyway, so a false
        # candidate costs a comparison while a missed copy would be analysed again.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.05, 0.95))
        self._values: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._values)

    @property
    def bands(self) -> list[tuple[int, int]]:
        """The ranges of signature values the index buckets by: a text is compared with an
        original only when one range holds the same values in both signatures."""
        return list(self._lsh.hashranges)

    def load(self, pairs: Iterable[tuple[str, bytes]]) -> None:
        with self._lsh.insertion_session() as session:
            for doc_id, sig in pairs:
                values = _values(sig)
                session.insert(doc_id, _lean(values), check_duplication=False)
                self._values[doc_id] = values

    def add(self, doc_id: str, sig: bytes) -> None:
        values = _values(sig)
        self._lsh.insert(doc_id, _lean(values), check_duplication=False)
        self._values[doc_id] = values

    def find(self, sig: bytes) -> Match | None:
        """The most similar original at or above the threshold, if any."""
        values = _values(sig)
        best: Match | None = None
        for doc_id in self._lsh.query(_lean(values)):
            similarity = float(np.mean(self._values[doc_id] == values))
            if similarity >= self.threshold and (best is None or similarity > best.similarity
                                                 or (similarity == best.similarity
                                                     and doc_id < best.original)):
                best = Match(doc_id, similarity)
        return best


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype=np.uint32)


def _lean(values: np.ndarray):
    from datasketch import LeanMinHash

    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)
