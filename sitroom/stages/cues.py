"""The cue lexicon of the quotes stage, read once per process from sitroom/data/quotes.

`cues.tsv` lists the words that introduce what someone said, believes, intends or found,
with the complements that carry the content; `subjects.tsv` the subject nouns that turn a
cue into a finding ("the poll shows"); `media.tsv` the nouns that mark a news medium.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from spacy.strings import hash_string

from ..errors import DataError

CUE_TYPES = ("speech", "belief", "intention", "finding")
COMPLEMENTS = ("clause", "infinitive", "object", "about")
# Cues that can report a finding when a poll or a study is their subject.
_FINDING_CAPABLE = ("speech", "belief")


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    pos: str
    cue_type: str
    takes: tuple[str, ...]


@dataclass(frozen=True)
class CueLexicon:
    cues: dict[tuple[str, str], Cue]
    finding_subjects: frozenset[str]
    media_nouns: frozenset[str]
    people_nouns: frozenset[str] = frozenset()

    @functools.cached_property
    def lemma_hashes(self) -> frozenset[int]:
        """spaCy's hashes of the cue lemmas as the lemmatizer may spell them, to find
        candidate tokens without visiting each one."""
        return lemma_hashes(lemma for lemma, _ in self.cues)

    def get(self, lemma: str, pos: str) -> Cue | None:
        return self.cues.get((lemma, pos))

    def cue_type(self, cue: Cue, subject_head: str | None) -> str:
        """The cue's type, a finding when its subject is a poll, a study, a report..."""
        if subject_head and cue.cue_type in _FINDING_CAPABLE and \
                subject_head.lower() in self.finding_subjects:
            return "finding"
        return cue.cue_type

    def is_speech(self, lemma: str) -> bool:
        """Whether a word (verb or noun) is a cue of speaking or writing."""
        return any(self.cues.get((lemma, pos), _NONE).cue_type == "speech"
                   for pos in ("verb", "noun"))


_NONE = Cue(lemma="", pos="", cue_type="", takes=())


def lemma_hashes(lemmas: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(form) for lemma in lemmas
                     for form in (lemma, lemma.capitalize(), lemma.upper()))


@functools.cache
def lexicon() -> CueLexicon:
    rows = _rows("cues.tsv")
    cues = {}
    for row in rows:
        cue = Cue(lemma=row["lemma"], pos=row["pos"], cue_type=row["cue_type"],
                  takes=tuple(row["takes"].split("|")))
        if cue.cue_type not in CUE_TYPES or not set(cue.takes) <= set(COMPLEMENTS):
            raise DataError(f"cues.tsv: bad row {row}")
        cues[(cue.lemma, cue.pos)] = cue
    findings = frozenset(r["noun"] for r in _rows("subjects.tsv"))
    media = frozenset(r["noun"] for r in _rows("media.tsv"))
    agents = frozenset(r["noun"] for r in _rows("agents.tsv", area="events"))
    return CueLexicon(cues=cues, finding_subjects=findings, media_nouns=media,
                      people_nouns=agents | findings | media)


def _rows(name: str, area: str = "quotes") -> list[dict[str, str]]:
    path = resources.files("sitroom") / "data" / area / name
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))
