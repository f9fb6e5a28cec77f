"""Propositions: what actors take positions on, normalised so that different wordings meet.

"Ukraine's membership in NATO", "Ukraine joining NATO", "the inclusion of Ukraine in NATO"
and "incorporating Kyiv into the alliance's collective security framework" are all
`membership(UKR, NATO)`. A proposition is a predicate with typed roles; a trigger word (a
noun or verb) names the predicate, and the roles are read from the dependency parse around
it (possessor, "of", "into", subject and object of the verb or of a support verb such as
"become a member") and resolved through the actor stage: `state:UKR`, `gov:UKR` -> `UKR`,
`igo:NATO` -> `NATO`, places -> their name. Roles a sentence leaves open are taken from the
same proposition earlier in the article ("... will not increase security" after "Ukraine
joining NATO"), and an `igo` role from an alliance named just before; otherwise they are `?`.

The catalogue is our data file sitroom/data/stance/propositions.toml plus the user's
`--config` TOML (`[[proposition]]` and `[[argument]]` tables; see the README there).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from .actors_db import ActorDictionary, norm
from .context import Findings
from .errors import ConfigError, DataError

ANY = "any"
UNKNOWN = "?"
ARG_TYPES = frozenset({"state", "igo", "org", "person", "place", ANY})
# A proper name the actor dictionary does not know ("ELN", "Nagorno-Karabakh"): it may be an
# organisation or a place, and fills roles of either type.
NAME = "name"
_CONTEXT_SENTENCES = 20  # how far back an open role may be filled from the same proposition
# (about a news article: "the enlargement" ten sentences after "Finland joins NATO")
_IGO_SENTENCES = 2  # how far back an open alliance role may be filled from a mention
_MAX_SPAN = 25  # tokens; a wording longer than this is cut to its trigger and arguments
_MAX_COMBINATIONS = 4  # "Finland and Sweden joining NATO" -> one proposition per member
_WORD = re.compile(r"\w+|[^\w\s]")
_VERB_POS = ("VERB", "AUX")
_NOUN_POS = ("NOUN", "PROPN")
_COPULAS = {"be", "remain", "lie"}
_SUBJECTS = ("nsubj", "csubj")
_CARRIED = ("dobj", "attr", "oprd", "nsubjpass", "dative")  # a noun a support verb carries
_MODIFIERS = {"poss": "poss", "compound": "compound", "amod": "amod", "nmod": "compound"}
_PLACE_LABELS = {"GPE", "LOC", "FAC", "ORG", "NORP"}
_PREFIXES = {"pro", "anti", "non", "post", "pre", "ex"}
_SPEAKER_PRONOUNS = {"it", "its", "they", "their", "we", "our", "us"}


@dataclass(frozen=True, kw_only=True)
class Role:
    name: str
    types: frozenset[str]
    slots: tuple[str, ...]

    def accepts(self, kind: str) -> bool:
        if kind == NAME:
            return bool(self.types & {ANY, "place", "org"})
        return ANY in self.types or kind in self.types

    @property
    def typed(self) -> bool:
        return ANY not in self.types


@dataclass(frozen=True, kw_only=True)
class Qualifier:
    """A third argument read from words: aid(USA, UKR, military)."""

    name: str
    unknown: str
    words: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class Predicate:
    name: str
    roles: tuple[Role, ...]
    support: frozenset[str] = frozenset()  # verbs that carry a trigger noun's arguments
    heads: frozenset[str] = frozenset()  # nouns a bare trigger may modify: "sanctions relief"
    symmetric: bool = False
    qualifier: Qualifier | None = None


@dataclass(frozen=True)
class Trigger:
    predicate: str
    before: tuple[str, ...]  # lower-case words that must precede the matched word
    pos: str  # "noun" or "verb"
    weak: bool
    vague: bool = False  # counts only with an argument named, here or earlier in the article


@dataclass(frozen=True)
class Arg:
    value: str
    kind: str


@dataclass(eq=False)
class Catalogue:
    """Predicates, their trigger words, support verbs and argument aliases."""

    predicates: dict[str, Predicate] = field(default_factory=dict)
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)
    keys: set[int] = field(default_factory=set)  # string hashes of the trigger words
    arguments: dict[str, Arg] = field(default_factory=dict)

    @classmethod
    def load(cls, config: Path | None = None) -> Catalogue:
        catalogue = cls()
        path = resources.files("sitroom") / "data" / "stance" / "propositions.toml"
        catalogue.add(tomllib.loads(path.read_text(encoding="utf-8")), source=str(path),
                      error=DataError)
        if config is not None:
            catalogue.add(_read_toml(Path(config)), source=str(config), error=ConfigError)
        return catalogue

    def add(self, data: dict, *, source: str, error: type[Exception]) -> None:
        for entry in data.get("proposition", ()):
            self._add_proposition(entry, source, error)
        for entry in data.get("argument", ()):
            self._add_argument(entry, source, error)

    def matching(self, token: Token) -> list[Trigger]:
        """The triggers a token ends, by lemma or word form, part of speech and words before."""
        if token.lower not in self.keys and token.lemma not in self.keys:
            return []  # most tokens: by hash, as this runs on every token of every article
        keys = [k for k in {token.lower_, token.lemma_.lower()} if k in self.triggers]
        pos = "verb" if token.pos_ in _VERB_POS else "noun" if token.pos_ in _NOUN_POS else None
        found = [t for key in keys for t in self.triggers[key]
                 if t.pos == pos and _preceded_by(token, t.before)]
        return list(dict.fromkeys(found))

    def is_trigger(self, token: Token) -> bool:
        return bool(self.matching(token))

    def _add_proposition(self, entry: dict, source: str, error: type[Exception]) -> None:
        name = entry.get("name")
        if not name or not isinstance(name, str):
            raise error(f"{source}: every [[proposition]] needs a name: {entry}")
        if name not in self.predicates:
            self.predicates[name] = _predicate(name, entry, source, error)
        elif entry.get("support") or entry.get("heads"):
            known = self.predicates[name]
            support = known.support | {w.lower() for w in entry.get("support", ())}
            heads = known.heads | {w.lower() for w in entry.get("heads", ())}
            self.predicates[name] = replace(known, support=frozenset(support),
                                            heads=frozenset(heads))
        for key, pos, weak in (("nouns", "noun", False), ("weak_nouns", "noun", True),
                               ("vague_nouns", "noun", False), ("verbs", "verb", False),
                               ("weak_verbs", "verb", True)):
            for phrase in entry.get(key, ()):
                words = tuple(w.lower() for w in _WORD.findall(phrase))
                if not words:
                    raise error(f"{source}: empty trigger in proposition {name!r}")
                trigger = Trigger(name, words[:-1], pos, weak, vague=key == "vague_nouns")
                self.triggers.setdefault(words[-1], []).append(trigger)
                self.keys.update(hash_string(w) for w in (words[-1], words[-1].capitalize(),
                                                          words[-1].upper()))

    def _add_argument(self, entry: dict, source: str, error: type[Exception]) -> None:
        if not {"surface", "value"} <= entry.keys():
            raise error(f"{source}: every [[argument]] needs surface and value: {entry}")
        kind = entry.get("type", "place")
        if kind not in ARG_TYPES:
            raise error(f"{source}: argument type {kind!r} is not one of {sorted(ARG_TYPES)}")
        self.arguments[norm(entry["surface"])] = Arg(str(entry["value"]), kind)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None


def _predicate(name: str, entry: dict, source: str, error: type[Exception]) -> Predicate:
    roles_table = entry.get("role", {})
    names = entry.get("roles")
    if not names or any(r not in roles_table for r in names):
        raise error(f"{source}: proposition {name!r} needs `roles` and a [proposition.role.X] "
                    f"table for each")
    roles = tuple(_role(r, roles_table[r], name, source, error) for r in names)
    qualifier = entry.get("qualifier")
    return Predicate(name=name, roles=roles, symmetric=bool(entry.get("symmetric", False)),
                     support=frozenset(w.lower() for w in entry.get("support", ())),
                     heads=frozenset(w.lower() for w in entry.get("heads", ())),
                     qualifier=_qualifier(qualifier) if qualifier else None)


def _role(name: str, table: dict, predicate: str, source: str,
          error: type[Exception]) -> Role:
    types = frozenset(table.get("types", [ANY]))
    if not types <= ARG_TYPES:
        raise error(f"{source}: role {name!r} of {predicate!r} has unknown types "
                    f"{sorted(types - ARG_TYPES)}")
    return Role(name=name, types=types, slots=tuple(table.get("slots", ())))


def _qualifier(table: dict) -> Qualifier:
    words = {w.lower(): value for value, items in table.get("words", {}).items() for w in items}
    return Qualifier(name=table.get("name", "kind"), unknown=table.get("unknown", UNKNOWN),
                     words=words)


def _preceded_by(token: Token, before: tuple[str, ...]) -> bool:
    start = token.i - len(before)
    if start < 0:
        return False
    return all(token.doc[start + k].lower_ == word for k, word in enumerate(before))


@functools.lru_cache(maxsize=8)
def catalogue(config: Path | None = None) -> Catalogue:
    """The catalogue for a config file, loaded once per process."""
    return Catalogue.load(config)


# --- finding propositions in a parsed article --------------------------------------------

@dataclass(frozen=True, eq=False)
class PropositionMention:
    """One wording of a proposition: `membership(UKR, NATO)` from "Ukraine joining NATO"."""

    predicate: str
    args: tuple[str, ...]
    trigger: Token
    event: Token  # the verb whose modals and negation carry it (trigger or support verb)
    start: int  # token span of the wording
    end: int
    open_roles: int  # how many roles the parse left open (filled from context or "?")
    vague: bool = False  # a vague trigger ("the expansion"): dropped if no role is named

    @property
    def canonical(self) -> str:
        return f"{self.predicate}({', '.join(self.args)})"

    @property
    def tokens(self) -> range:
        return range(self.start, self.end)


@dataclass(frozen=True)
class _Candidate:
    slot: str
    token: Token  # the token that names the argument
    anchor: Token  # the phrase it stands in, for the wording's span
    arg: Arg


def find(doc: Doc, found: Findings, book: Catalogue,
         db: ActorDictionary) -> list[PropositionMention]:
    """Every proposition the article words, in text order, open roles filled from context."""
    finder = _Finder(doc, found, book, db)
    keys = book.keys
    mentions = _most_specific([m for token in doc if token.lower in keys or token.lemma in keys
                               for m in finder.at(token)])
    return _fill_from_context(mentions, doc, found, book)


def _most_specific(mentions: list[PropositionMention]) -> list[PropositionMention]:
    """Of two overlapping wordings of one proposition ("Sweden's bid to join NATO", "the
    deployment of NATO troops"), keep the one that names more of its arguments (of two
    equal ones, one)."""
    def covered(m: PropositionMention) -> bool:
        return any(o is not m and o.predicate == m.predicate and _agrees(m.args, o.args)
                   and _nested(m, o) and _rank(o) < _rank(m)
                   for o in mentions)

    return [m for m in mentions if not covered(m)]


def _rank(mention: PropositionMention) -> tuple[int, int, int]:
    """Fewer open roles first, then the earlier wording, then the head of a compound
    ("artillery shells": "shells")."""
    return mention.open_roles, mention.start, -mention.trigger.i


class _Finder:
    def __init__(self, doc: Doc, found: Findings, book: Catalogue, db: ActorDictionary):
        self.doc, self.found, self.book, self.db = doc, found, book, db
        self.entity_at = {i: e for e in doc.ents for i in range(e.start, e.end)}

    def at(self, token: Token) -> list[PropositionMention]:
        best, best_score = None, -1.0
        for trigger in self.book.matching(token):
            predicate = self.book.predicates[trigger.predicate]
            if trigger.weak and self._names_other(token, predicate):
                continue  # "negotiating a truce" is about the truce, "accession talks" too
            support = self._supports(token, predicate) if trigger.pos == "noun" else []
            filled = _fill(predicate, list(self._candidates(token, support)))
            if not _acceptable(trigger, predicate, filled, support):
                continue
            if token.dep_ == "compound" and not any(filled) and \
                    token.head.lemma_.lower() not in predicate.heads:
                continue  # a bare modifier: "membership fees"
            score = sum((2.0 if role.typed else 1.0) for role, got in
                        zip(predicate.roles, filled) if got)
            if score > best_score:
                best, best_score = (trigger, predicate, filled, support), score
        if best is None:
            return []
        return list(self._mentions(token, *best))

    # --- arguments -----------------------------------------------------------------------

    def _names_other(self, word: Token, predicate: Predicate) -> bool:
        """Whether a weak trigger's object or modifier names another proposition."""
        dep = "dobj" if word.pos_ in _VERB_POS else "compound"
        return any(c.dep_ == dep and any(t.predicate != predicate.name
                                         for t in self.book.matching(c))
                   for c in word.children)

    def _candidates(self, token: Token, support: list[Token]) -> Iterator[_Candidate]:
        slots = self._verb_slots(token, skip=None) if token.pos_ in _VERB_POS \
            else self._noun_slots(token)
        for verb in support:
            slots = itertools.chain(slots, self._verb_slots(verb, skip=_path_below(token, verb)))
        for slot, named in slots:
            yield from self._resolved(slot, named, token)

    def _noun_slots(self, noun: Token) -> Iterator[tuple[str, Token]]:
        for child in noun.children:
            if child.dep_ in _MODIFIERS:
                yield from ((_MODIFIERS[child.dep_], t) for t in _conjuncts(child))
            elif child.dep_ == "prep":
                yield from _prep_slots(child)
        head = noun.head
        if noun.dep_ == "compound":  # "accession talks with Montenegro", "sanctions relief for"
            for child in head.children:
                if child.dep_ == "prep":
                    yield from _prep_slots(child)
                elif child.dep_ == "poss":
                    yield "poss", child
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in _NOUN_POS:
            owner = _owner(head.head)  # "Ukraine's path to EU membership"
            if owner is not None and owner.dep_ == "poss":
                yield "headowner", owner
        if noun.dep_ in _SUBJECTS and head.lemma_.lower() in _COPULAS:
            for child in head.children:  # "Ukraine's future is in NATO"
                if child.dep_ == "prep":
                    yield from _prep_slots(child)

    def _verb_slots(self, verb: Token, skip: Token | None) -> Iterator[tuple[str, Token]]:
        for subject in self._subjects(verb):
            yield "subj", subject
            if subject.dep_ == "pobj":  # "imposed by the EU on Syria", attached to "EU"
                yield from (s for p in subject.children if p.dep_ == "prep"
                            for s in _prep_slots(p))
        for child in verb.children:
            if skip is not None and child.i == skip.i:
                continue
            if child.dep_ in ("dobj", "nsubjpass"):
                for obj in _conjuncts(child):
                    yield "obj", obj
                    yield from (("owner", m) for m in obj.children
                                if m.dep_ in _MODIFIERS and m.i < obj.i)
                    for prep in obj.children:  # "station a brigade in Lithuania"
                        if prep.dep_ == "prep" and prep.lower_ != "of":
                            yield from _prep_slots(prep)
            elif child.dep_ in ("dative", "iobj") and child.pos_ == "ADP":
                yield from _prep_slots(child)  # "send missiles to Ukraine" parsed as dative
            elif child.dep_ in ("dative", "iobj"):
                yield from (("dative", t) for t in _conjuncts(child))
            elif child.dep_ == "prep":
                yield from _prep_slots(child)

    def _subjects(self, verb: Token) -> list[Token]:
        """Who does it: the subject, the passive agent, or the controller of a bare verb."""
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                return _conjuncts(child)
            if child.dep_ == "agent":
                return [t for p in child.children if p.dep_ == "pobj" for t in _conjuncts(p)]
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":  # "NATO invited Ukraine to join", "Ukraine wants to join"
            return _controllers(head) or self._subjects(head)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":  # "warned Finland against joining"
            objects = [c for c in head.head.children if c.dep_ == "dobj"]
            return objects or self._subjects(head.head)
        if verb.dep_ == "conj" and head.pos_ in _VERB_POS:
            return self._subjects(head)
        if verb.dep_ == "acl" or (verb.dep_ == "relcl" and _infinitive(verb)):
            if self.resolve(head) is not None:  # "Ukraine joining NATO"
                return _conjuncts(head)
            owner = _owner(head)  # "Sweden's bid to join", "the enlargement of NATO to include"
            if owner is not None:
                return [owner]
            if head.dep_ in ("dobj", "attr"):  # "Kazakhstan has no plans to join"
                return self._subjects(head.head)
        if verb.tag_ == "VBG" and verb.i > 0 and self.resolve(self.doc[verb.i - 1]):
            return [self.doc[verb.i - 1]]  # "the threat of Ukraine joining NATO"
        return []

    def _supports(self, noun: Token, predicate: Predicate) -> list[Token]:
        """The verbs that carry a trigger noun: "become a member", "apply for membership",
        "sanctions imposed by the EU", "approved $300 million in aid", "give Ukraine air
        defence systems" (through the noun the trigger modifies)."""
        verbs = [c for c in noun.children if c.dep_ == "acl"]
        if noun.dep_ == "compound" and noun.head.pos_ in _NOUN_POS:
            noun = noun.head
        head = noun.head
        if noun.dep_ in _CARRIED:
            verbs.append(head)
        elif noun.dep_ == "pobj" and head.dep_ == "prep":
            container = head.head
            verbs.append(container.head if container.dep_ in _CARRIED else container)
        return [v for v in verbs if v.pos_ in _VERB_POS and v.lemma_.lower() in predicate.support]

    def _resolved(self, slot: str, named: Token, trigger: Token) -> Iterator[_Candidate]:
        if named.i == trigger.i:
            return
        arg = self.resolve(named)
        if arg is not None:
            yield _Candidate(slot, named, named, arg)
            return
        if self.book.is_trigger(named):
            return
        for inner in named.children:  # "into the alliance's framework", "the independence of X"
            if inner.dep_ in _MODIFIERS and inner.i < named.i:
                arg = self.resolve(inner)
            elif inner.dep_ == "prep" and inner.lower_ == "of":
                pobj = next((p for p in inner.children if p.dep_ == "pobj"), None)
                arg, inner = (self.resolve(pobj), pobj) if pobj is not None else (None, inner)
            else:
                continue
            if arg is not None:
                yield _Candidate(slot, inner, named, arg)
                return

    def resolve(self, token: Token) -> Arg | None:
        """The canonical argument a token names, if any."""
        if _after_prefix(token):
            return None  # "pro-Russian", "anti-NATO" name a leaning, not the actor
        actor_id = self.found.actor_of(token) or self._speaking(token)
        if actor_id:
            return self._from_actor(actor_id)
        entity = self.entity_at.get(token.i)
        surface = _strip_the(entity.text) if entity is not None else token.text
        phrase = self.doc[token.left_edge.i:token.i + 1].text  # "the Crimean peninsula"
        alias = self.book.arguments.get(norm(surface)) or self.book.arguments.get(norm(phrase))
        if alias is not None:
            return alias
        described = self.db.descriptions.get(norm(token.text))
        if described and any(m.actor_id == described and m.span.start < token.idx
                             for m in self.found.mentions):
            return self._from_actor(described)  # "the alliance's" after "NATO"
        code = self.db.country_of_adjective(token.text)
        if code:
            return Arg(code, "state")
        capital = self.db.country_of_capital(surface)
        if capital:  # "aid for Kyiv", "talks between Moscow and Kyiv"
            return Arg(capital, "state")
        if entity is not None and entity.label_ in _PLACE_LABELS and token.pos_ == "PROPN":
            return Arg(surface, "place")
        if token.pos_ == "PROPN" and entity is None:  # "the Donetsk region", "the ELN"
            return Arg(_compound_name(token), NAME)
        return None

    def _speaking(self, token: Token) -> str | None:
        """A pronoun for the speaker of the quote it stands in: "Moscow says it is ready to
        negotiate", "'We will join the EU,' the Moldovan minister said"."""
        word = token.lower_
        if token.pos_ != "PRON" or word not in _SPEAKER_PRONOUNS:
            return None
        quote = next((q for q in self.found.quotes if q.speaker_actor and any(
            c.start <= token.idx < c.end for c in q.content)), None)
        if quote is None:
            return None
        kind = quote.speaker_actor.partition(":")[0]
        if word in ("it", "its", "they", "their") and kind == "person":
            return None  # "it" is not the person speaking
        return quote.speaker_actor

    def _from_actor(self, actor_id: str) -> Arg:
        kind, _, key = actor_id.partition(":")
        if kind in ("state", "gov", "mil"):
            return Arg(key, "state")
        if kind == "igo":
            return Arg(key, "igo")
        actor = self.found.actors.get(actor_id) or self.db.actors.get(actor_id)
        if kind == "org" and actor is not None and actor_id not in self.db.actors:
            return Arg(_strip_the(actor.name), NAME)  # named in the article only
        if actor is not None and kind in ("person", "group"):
            if actor.affiliation and actor.affiliation.startswith("igo:"):
                return Arg(actor.affiliation.partition(":")[2], "igo")
            if actor.country:
                return Arg(actor.country, "state")
        return Arg(key, "org" if kind == "org" else kind)

    # --- building mentions ----------------------------------------------------------------

    def _mentions(self, token: Token, trigger: Trigger, predicate: Predicate,
                  filled: list[list[_Candidate]],
                  support: list[Token]) -> Iterator[PropositionMention]:
        used = [c for got in filled for c in got]
        start, end = self._span(token, trigger, used)
        qualifier = self._qualifier(token, trigger, predicate)
        event = token if token.pos_ in _VERB_POS else (support[0] if support else token)
        for args in _arguments(predicate, filled):
            if qualifier is not None:
                args = (*args, qualifier)
            yield PropositionMention(predicate=predicate.name, args=args, trigger=token,
                                     event=event, start=start, end=end,
                                     open_roles=args.count(UNKNOWN), vague=trigger.vague)

    def _span(self, token: Token, trigger: Trigger, used: list[_Candidate]) -> tuple[int, int]:
        sentence = token.sent
        first = token.i - len(trigger.before)
        edges = [first, token.i] + [i for c in used
                                    for i in (c.anchor.left_edge.i, c.anchor.right_edge.i)]
        edges = [i for i in edges if sentence.start <= i < sentence.end]
        start, end = min(edges), max(edges) + 1
        if end - start > _MAX_SPAN:
            tight = [first, token.i] + [c.token.i for c in used]
            start, end = min(tight), max(tight) + 1
        while start < token.i and self.doc[start].pos_ in ("DET", "PUNCT"):
            start += 1
        return start, end

    def _qualifier(self, token: Token, trigger: Trigger, predicate: Predicate) -> str | None:
        qualifier = predicate.qualifier
        if qualifier is None:
            return None
        words = [*trigger.before, token.lower_, token.lemma_.lower()]
        words += [c.lower_ for c in token.children if c.dep_ in ("amod", "compound")]
        return next((qualifier.words[w] for w in words if w in qualifier.words),
                    qualifier.unknown)


def _after_prefix(token: Token) -> bool:
    doc, i = token.doc, token.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in _PREFIXES


def _compound_name(token: Token) -> str:
    words = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"
             and c.i < token.i]
    start = min([token.i] + [w.left_edge.i for w in words])
    return token.doc[start:token.i + 1].text


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def _prep_slots(prep: Token, *, deeper: bool = True) -> Iterator[tuple[str, Token]]:
    """The objects of a preposition; with `deeper`, also those of a preposition the parser
    hung on the object ("the recognition of its sovereignty by the United States")."""
    word = prep.lower_
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        yield from ((word, t) for t in _conjuncts(pobj))
        if deeper:
            for inner in pobj.children:
                if inner.dep_ == "prep" and inner.lower_ != "of":
                    yield from _prep_slots(inner, deeper=False)


def _nested(a: PropositionMention, b: PropositionMention) -> bool:
    """Overlapping wordings, or one inside the other's phrase."""
    return (a.start < b.end and b.start < a.end) or a.trigger.is_ancestor(b.trigger) \
        or b.trigger.is_ancestor(a.trigger)


def _path_below(token: Token, verb: Token) -> Token:
    """The child of `verb` on the way down to `token` (skipped when reading the verb's slots)."""
    while token.head.i != verb.i and token.head.i != token.i:
        token = token.head
    return token


def _controllers(head: Token) -> list[Token]:
    """Who does what a verb's to-infinitive says: its object ("invited Ukraine to join"),
    "on" object ("called on other states to recognise"), the subject of a passive ("Ukraine
    should be invited to join") or of the copula of an adjective ("it is ready to
    negotiate")."""
    objects = [c for c in head.children if c.dep_ == "dobj"]
    objects += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "on"
                for p in c.children if p.dep_ == "pobj"]
    objects += [c for c in head.children if c.dep_ == "nsubjpass"]
    if not objects and head.pos_ == "ADJ" and head.dep_ in ("acomp", "attr"):
        objects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return [t for o in objects for t in _conjuncts(o)]


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _owner(noun: Token) -> Token | None:
    """The possessor or "of" object of a noun: the doer of a nominal ("Sweden's bid")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def _fill(predicate: Predicate, candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """For each role, the candidates from its most preferred slot that hold a fitting type."""
    used: set[int] = set()
    filled = []
    for role in predicate.roles:
        got: list[_Candidate] = []
        for slot in role.slots:
            got = [c for c in candidates if c.slot == slot and c.token.i not in used
                   and role.accepts(c.arg.kind)]
            if got:
                break
        used.update(c.token.i for c in got)
        filled.append(got)
    return filled


def _acceptable(trigger: Trigger, predicate: Predicate, filled: list[list[_Candidate]],
                support: list[Token]) -> bool:
    named = sum(1 for got in filled if got)
    if predicate.symmetric:
        named = len({c.arg.value for got in filled for c in got})
    if trigger.weak:
        return bool(support) or named >= len(predicate.roles)
    return trigger.pos == "noun" or named >= 1


def _arguments(predicate: Predicate, filled: list[list[_Candidate]]) -> Iterator[tuple[str, ...]]:
    if predicate.symmetric:
        values = list(dict.fromkeys(c.arg.value for got in filled for c in got))
        values = sorted(values[:len(predicate.roles)])
        yield tuple(values + [UNKNOWN] * (len(predicate.roles) - len(values)))
        return
    choices = [list(dict.fromkeys(c.arg.value for c in got)) or [UNKNOWN] for got in filled]
    combinations = [c for c in itertools.islice(itertools.product(*choices), 64)
                    if len({v for v in c if v != UNKNOWN}) == sum(v != UNKNOWN for v in c)]
    if not combinations:  # one actor in two roles ("its" read as the wrong state): keep one
        first = [c[0] for c in choices]
        combinations = [tuple(v if v not in first[:k] else UNKNOWN for k, v in enumerate(first))]
    yield from combinations[:_MAX_COMBINATIONS]


# --- open roles from context -------------------------------------------------------------

def _fill_from_context(mentions: list[PropositionMention], doc: Doc, found: Findings,
                       book: Catalogue) -> list[PropositionMention]:
    starts = [s.start for s in doc.sents]
    done: list[PropositionMention] = []
    for mention in mentions:
        if mention.open_roles:
            here = bisect.bisect_right(starts, mention.trigger.i) - 1
            mention = _from_earlier(mention, done, starts, here) or mention
            if UNKNOWN in mention.args:
                roles = book.predicates[mention.predicate].roles
                mention = _from_alliance(mention, found, doc, starts, here, roles)
        if not (mention.vague and all(a == UNKNOWN for a in mention.args)):
            done.append(mention)
    return done


def _from_earlier(mention: PropositionMention, done: list[PropositionMention],
                  starts: list[int], here: int) -> PropositionMention | None:
    for earlier in reversed(done):
        there = bisect.bisect_right(starts, earlier.trigger.i) - 1
        if here - there > _CONTEXT_SENTENCES:
            return None
        if earlier.predicate == mention.predicate and _agrees(mention.args, earlier.args):
            args = tuple(e if a == UNKNOWN else a for a, e in zip(mention.args, earlier.args))
            return replace(mention, args=args)
    return None


def _agrees(args: tuple[str, ...], other: tuple[str, ...]) -> bool:
    return len(args) == len(other) and all(a == UNKNOWN or b == UNKNOWN or a == b
                                           for a, b in zip(args, other))


def _from_alliance(mention: PropositionMention, found: Findings, doc: Doc, starts: list[int],
                   here: int, roles: tuple[Role, ...]) -> PropositionMention:
    """An open `igo` role: the alliance named last, in this sentence or the two before."""
    earliest = doc[starts[max(0, here - _IGO_SENTENCES)]].idx
    limit = mention.trigger.idx
    alliances = [m for m in found.mentions if m.actor_id.startswith("igo:")
                 and earliest <= m.span.start < limit]
    if not alliances:
        return mention
    value = alliances[-1].actor_id.partition(":")[2]
    args = list(mention.args)
    for k, role in enumerate(roles):
        if k < len(args) and args[k] == UNKNOWN and role.types == {"igo"} and value not in args:
            args[k] = value
    return replace(mention, args=tuple(args))
