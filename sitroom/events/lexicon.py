"""The coder's lexicon: verbs, nouns, frames, evaluation words and agent nouns, read from the
TSV files in sitroom/data/events once per process."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError
from . import codes

LIGHT = "light"
NO_OBJECT = "-"  # an object column that matches only a verb without an object
PREDICATE = "="  # an object column that matches a verb with an object predicate ("call X Y")
NO_EVENT = "none"  # a frame result: nothing is coded ("the war ended")


@dataclass(frozen=True, slots=True)
class NounEntry:
    code: str
    of_role: str
    poss_role: str
    alone: bool


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[tuple[str, str, str], str]
    nouns: dict[str, NounEntry]
    frames: dict[str, dict[str, str]]
    evaluations: dict[str, int]
    agents: frozenset[str]

    def verb(self, lemma: str, links: tuple[str, ...], objects: tuple[str, ...] = (),
             direct: bool = True) -> str | None:
        """The code (or "light", or "@frame") of a verb, most specific row first: with its
        particle and object, its object, its particle, then the verb alone. `objects` are
        keys of its object ("peacekeeping force", "force"); `direct` says whether that is a
        direct object ("return to Geneva" is a visit, "return paintings to Peru" a handover)."""
        verbs = self.verbs
        bare = ("",) if direct else (NO_OBJECT, "")
        keys = [(lemma, link, o) for link in (*links, "") for o in objects]
        keys += [(lemma, link, o) for link in (*links, "") for o in bare]
        return next((verbs[k] for k in keys if k in verbs), None)

    def is_verb(self, lemma: str) -> bool:
        return lemma in self.verb_lemmas

    @functools.cached_property
    def verb_lemmas(self) -> frozenset[str]:
        return frozenset(key[0] for key in self.verbs)

    @functools.cached_property
    def noun_words(self) -> frozenset[str]:
        """Every word that can end an event noun ("strike" of "hunger strike", "fire" of
        "cease-fire") or be one: a noun not among them is no event."""
        return frozenset(w for key in self.nouns for w in (key, key.split()[-1],
                                                            key.split("-")[-1]))

    def combine(self, frame: str, complement: str | None) -> str:
        """The code of a frame verb over its complement's code (longest prefix wins)."""
        table = self.frames[frame]
        if complement:
            for size in range(len(complement), 1, -1):
                if complement[:size] in table:
                    return table[complement[:size]]
        return table["*"]

    def bare(self, frame: str) -> str | None:
        """The code of a frame verb with neither complement nor object."""
        return self.frames[frame].get(NO_OBJECT, self.frames[frame]["*"])


@functools.cache
def lexicon() -> Lexicon:
    verbs = {(r["lemma"], r["link"], r["object"]): r["code"] for r in _rows("verbs.tsv")}
    nouns = {r["lemma"]: NounEntry(code=r["code"], of_role=r["of"], poss_role=r["poss"],
                                   alone=r["alone"] == "yes") for r in _rows("nouns.tsv")}
    frames: dict[str, dict[str, str]] = {}
    for row in _rows("frames.tsv"):
        frames.setdefault(row["frame"], {})[row["complement"]] = row["code"]
    lex = Lexicon(verbs=verbs, nouns=nouns, frames=frames,
                  evaluations={r["lemma"]: int(r["polarity"]) for r in _rows("evaluations.tsv")},
                  agents=frozenset(r["noun"] for r in _rows("agents.tsv")))
    _check(lex)
    return lex


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = resources.files("sitroom") / "data" / "events" / name
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t"):
            yield {k: (v or "").strip() for k, v in row.items()}


def _check(lex: Lexicon) -> None:
    """Every code the lexicon names must be in the code table; every frame must exist."""
    known = codes.table()
    named = [c for c in lex.verbs.values() if c != LIGHT and not c.startswith("@")]
    named += [n.code for n in lex.nouns.values()]
    named += [c for table in lex.frames.values() for c in table.values() if c != NO_EVENT]
    unknown = sorted({c for c in named if c not in known})
    frames = {c[1:] for c in lex.verbs.values() if c.startswith("@")} - set(lex.frames)
    if unknown or frames:
        raise ConfigError(f"event lexicon names unknown codes {unknown} or frames {sorted(frames)}")
