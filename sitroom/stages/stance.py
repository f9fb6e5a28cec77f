"""Stance: who is for or against which proposition, and the words that say so.

For every proposition the article words (sitroom.propositions), the stage asks two things.

Who holds it. Inside the content of a quote, the speaker (`Quote.speaker_actor`); outside,
the sentence's holder ("For Russia, ...", "in Moscow's view"), else the literal `author`. On
the way from the proposition up the parse, a belief or attitude word with its own subject
or possessor names an embedded holder: "Moscow fears that ...", "Russia's perception of ...",
"Putin said Hungary opposes ..." (Hungary's stance, reported in Putin's quote). A quote with
no speaker we can name gives the literal holder `unknown`.

How they frame it. The polarity comes from the holder's own words, read compositionally over
the parse with our word list (sitroom/data/stance/words.tsv):
- what the sentence predicates of the proposition when it is the subject: "X poses a threat"
  (-1), "X is the most effective strategy to deter Russia" (+1), "X would not increase
  security" (negation flips: -1); "As for X, ... this poses a threat" likewise;
- the words it is an argument of: "the threat of X" (-1), "support for X" (+1), "refuse to
  support X" (a reverser flips: -1), "a mistake to oppose X" (stacked: +1);
- modals on its own verb: "Ukraine will become a member" (+0.5), "should join" (+1),
  "will never join" (-0.5);
- conceded clauses count half ("Although X would anger Moscow, it is the best guarantee"),
  and the conjunct after "but" twice.
The sum's sign is the polarity when it reaches 0.5; otherwise the stance is neutral (0).
One record per holder, proposition and sentence.
"""

from __future__ import annotations

import bisect
import csv
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..context import Findings, findings
from ..propositions import PropositionMention, catalogue, find
from ..records import Actor, Quote, Span, Stance
from . import stage
from .actors import slug
from .sourcing import SOURCING_CUES as SPEECH_CUES, sentences

AUTHOR = "author"
UNKNOWN_HOLDER = "unknown"
_THRESHOLD = 0.5
_VERB_POS = ("VERB", "AUX")
_POS = {"NOUN": "noun", "PROPN": "noun", "VERB": "verb", "AUX": "verb", "ADJ": "adj",
        "ADV": "adv", "ADP": "adp"}
_SUBJECTS = ("nsubj", "csubj")
_COPULAS = {"be", "remain", "seem", "become"}
_PRONOUN_SUBJECTS = {"it", "this", "that", "they", "such"}
_QUANTIFIERS = {"many", "some", "several", "most", "few", "all", "the", "a", "an", "other",
                "these", "those", "both"}


@stage("stance", needs=("mentions", "quotes"), sets=("stances",))
def stance(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    mentions = find(doc, found, catalogue(ctx.options.config), ctx.actors)
    if mentions:
        judge = _Judge(doc, found, lexicon())
        found.stances.extend(_merged([v for m in mentions for v in judge.verdicts(m)]))
    return doc


# --- the word list -----------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    kind: str  # eval, attitude, belief, reverse, boost or purpose
    polarity: int
    particle: str | None = None  # "call for": the preposition that must hang on the verb


@dataclass(frozen=True, eq=False)
class Lexicon:
    words: dict[tuple[str, str], tuple[Word, ...]]
    negators: frozenset[str]
    modals: dict[str, float]
    concessive: frozenset[str]
    contrastive: frozenset[str]
    first_person: frozenset[str]
    topics: frozenset[str]
    perspective_nouns: frozenset[str]
    perspective_preps: frozenset[str]

    def entry(self, token: Token) -> Word | None:
        pos = _POS.get(token.pos_)
        entries = self.words.get((token.lemma_.lower(), pos), ()) + \
            self.words.get((token.lower_, pos), ())
        children = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt")}
        with_particle = [w for w in entries if w.particle and w.particle in children]
        plain = [w for w in entries if w.particle is None]
        return (with_particle or plain or [None])[0]

    def negated(self, token: Token) -> bool:
        return any(c.dep_ == "neg" or (c.lower_ in self.negators and
                                       c.dep_ in ("advmod", "det", "preconj"))
                   for c in token.children)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Our stance word list and markers, read once per process."""
    folder = resources.files("sitroom") / "data" / "stance"
    words: dict[tuple[str, str], list[Word]] = {}
    with (folder / "words.tsv").open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            head, _, particle = row["word"].partition(" ")
            word = Word(row["kind"], int(row["polarity"]), particle or None)
            words.setdefault((head, row["pos"]), []).append(word)
    markers = tomllib.loads((folder / "markers.toml").read_text(encoding="utf-8"))
    sets = {k: frozenset(markers[k]) for k in ("negators", "concessive", "contrastive",
                                                "first_person", "topics", "perspective_nouns",
                                                "perspective_preps")}
    return Lexicon(words={k: tuple(v) for k, v in words.items()},
                   modals={k: float(v) for k, v in markers["modals"].items()}, **sets)


# --- holders -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Holder:
    actor: str
    span: Span | None = None


_FIRST_PERSON = Holder("first person")


@dataclass(frozen=True)
class _Verdict:
    holder: Holder
    value: float
    mention: PropositionMention
    sentence: SpacySpan
    quote: Quote | None


class _Judge:
    """Holders and polarity of the propositions of one article."""

    def __init__(self, doc: Doc, found: Findings, lex: Lexicon):
        self.doc, self.found, self.lex = doc, found, lex
        self.sentences = sentences(doc)
        self.starts = [s.start for s in self.sentences]

    def verdicts(self, mention: PropositionMention) -> list[_Verdict]:
        sentence = self._sentence(mention.trigger)
        quote = self._quote_of(mention.trigger)
        scope = self._scope(sentence, quote)
        walk = _Walk(self, mention, scope, self._cue_of(quote))
        value, embedded, outer_counts = walk.run()
        out = [_Verdict(h, v, mention, sentence, quote) for h, v in embedded]
        if outer_counts:
            out.append(_Verdict(self._outer(sentence, quote, scope), value or 0.0, mention,
                                sentence, quote))
        return out

    def _sentence(self, token: Token) -> SpacySpan:
        n = bisect.bisect_right(self.starts, token.i) - 1
        found = self.sentences[n] if n >= 0 else None
        return found if found is not None and token.i < found.end else token.sent

    def _quote_of(self, token: Token) -> Quote | None:
        """The quote whose content holds the token. A belief or intention with no speaker
        ("a mistake to oppose X") is no one's statement: the sentence is read as it stands."""
        return next((q for q in self.found.quotes
                     if any(c.start <= token.idx < c.end for c in q.content)
                     and (q.speaker is not None or q.cue_type in SPEECH_CUES)), None)

    def _cue_of(self, quote: Quote | None) -> int | None:
        """The token index of a quote's cue word ("opposes", "welcomed", "refused")."""
        if quote is None or quote.cue is None:
            return None
        span = self.doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        return span.root.i if span is not None else None

    def _scope(self, sentence: SpacySpan, quote: Quote | None) -> frozenset[int]:
        if quote is None:
            return frozenset(range(sentence.start, sentence.end))
        return frozenset(t.i for t in sentence
                         if any(c.start <= t.idx < c.end for c in quote.content))

    def _outer(self, sentence: SpacySpan, quote: Quote | None, scope: frozenset[int]) -> Holder:
        if quote is not None:
            return self._speaker(quote)
        return self._perspective(sentence) or Holder(AUTHOR)

    def _speaker(self, quote: Quote) -> Holder:
        if quote.speaker_actor:
            return Holder(quote.speaker_actor, quote.speaker)
        if quote.speaker is None:
            return Holder(UNKNOWN_HOLDER)
        span = self.doc.char_span(quote.speaker.start, quote.speaker.end,
                                  alignment_mode="expand")
        if span is None:
            return Holder(UNKNOWN_HOLDER, quote.speaker)
        return self.holder_of(span.root) or Holder(UNKNOWN_HOLDER, quote.speaker)

    def _perspective(self, sentence: SpacySpan) -> Holder | None:
        """ "For Russia, X is a threat"; "In Moscow's view, ..."; "from Kyiv's perspective"."""
        root = sentence.root
        subject = next((c.i for c in root.children if c.dep_ in _SUBJECTS), root.i)
        for prep in root.children:
            if prep.dep_ != "prep" or prep.i > subject:
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.lemma_.lower() in self.lex.perspective_nouns:
                owner = next((c for c in pobj.children if c.dep_ == "poss"), None) or \
                    next((p for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"), None)
                holder = self.holder_of(owner) if owner is not None else None
            elif prep.lower_ in self.lex.perspective_preps and _comma_after(prep):
                holder = self.actor_holder(pobj)
            else:
                continue
            if holder is not None and holder is not _FIRST_PERSON:
                return holder
        return None

    def holder_of(self, token: Token) -> Holder | None:
        """The actor a holder's word names. A plural noun phrase no actor stands for becomes
        a group local to the article ("Many NATO members in Eastern Europe"); another noun
        phrase an `unknown` holder with its span ("the minister")."""
        if token.lower_ in self.lex.first_person:
            return _FIRST_PERSON
        holder = self.actor_holder(token)
        if holder is not None or token.pos_ == "PRON":
            return holder
        if token.tag_ in ("NNS", "NNPS"):
            return self._group_holder(token)
        if token.pos_ in ("NOUN", "PROPN"):
            return Holder(UNKNOWN_HOLDER, self.found.span_of(self._phrase(token)))
        return None

    def _phrase(self, token: Token) -> SpacySpan:
        words = [t for t in token.subtree if t.dep_ not in ("relcl", "appos", "punct", "acl")
                 and t.head.dep_ not in ("relcl", "appos", "acl")]
        while words and words[0].lower_ in _QUANTIFIERS:
            words.pop(0)
        words = words or [token]
        return self.doc[words[0].i:words[-1].i + 1]

    def actor_holder(self, token: Token) -> Holder | None:
        actor_id = self.found.actor_of(token)
        if actor_id is None:
            return None
        mention = self.found.mention_at[token.i]
        return Holder(actor_id, mention.span)

    def _group_holder(self, token: Token) -> Holder:
        """ "Many NATO members in Eastern Europe" -> a group actor local to the article."""
        span = self._phrase(token)
        inside = [self.found.actor_of(t) for t in span]
        affiliation = next((a for a in inside if a and a.startswith("igo:")), None)
        country = next((a.partition(":")[2] for a in inside
                        if a and a.startswith(("state:", "gov:"))), None)
        actor = Actor(id=f"group:{slug(span.text)}", name=span.text, kind="group",
                      country=country if affiliation is None else None,
                      affiliation=affiliation)
        self.found.add_actor(actor)
        return Holder(actor.id, self.found.span_of(span))


def _comma_after(prep: Token) -> bool:
    after = prep.right_edge.i + 1
    return after < len(prep.doc) and prep.doc[after].text == ","


# --- polarity --------------------------------------------------------------------------------

class _Walk:
    """From the proposition up the parse to the edge of its scope, reading the holder's words."""

    def __init__(self, judge: _Judge, mention: PropositionMention, scope: frozenset[int],
                 cue: int | None):
        self.judge, self.lex, self.mention, self.scope = judge, judge.lex, mention, scope
        self.cue = cue
        self.inside = set(mention.tokens)

    def run(self) -> tuple[float | None, list[tuple[Holder, float]], bool]:
        """The value for the outer holder, the embedded holders with theirs, and whether the
        outer holder's words go beyond what the embedded holders said."""
        value = _add(self._modal(self.mention.event), self._verbal_modifier())
        embedded: list[tuple[Holder, float]] = []
        waiting: list[tuple[Holder, int]] = []  # holders whose clause is still above
        changed = True
        came, node = self.mention.trigger, self.mention.trigger.head
        while node.i != came.i and node.i in self.scope:
            before = value
            value = self._step(node, came, value)
            changed = changed or value != before
            found = self._holder_at(node, came)
            if found is not None:
                waiting.append(found)
            for holder, until in [w for w in waiting if w[1] == node.i]:
                embedded.append((holder, value or 0.0))
                waiting.remove((holder, until))
                changed = False
            came, node = node, node.head
        for holder, _ in waiting:
            embedded.append((holder, value or 0.0))
            changed = False
        if node.i == self.cue and node.i != came.i:  # "Hungary opposes X": the cue's own word
            before = value
            value = self._step(node, came, value)
            changed = changed or value != before
        topic = self._topic_value()
        if topic is not None:
            value, changed = _add(value, topic), True
        return value, embedded, changed or not embedded

    def _modal(self, event: Token) -> float | None:
        weights = [self.lex.modals[a.lower_] if a.lower_ in self.lex.modals
                   else self.lex.modals.get(a.lemma_.lower()) for a in event.children
                   if a.dep_ in ("aux", "auxpass")]
        weight = max((w for w in weights if w), default=None)
        if weight is None:
            return None
        return -weight if self.lex.negated(event) else weight

    def _verbal_modifier(self) -> float:
        """ "Lifting sanctions ..." parsed as an adjective on "sanctions"."""
        for child in self.mention.trigger.children:
            word = self.lex.entry(child) if child.tag_ in ("VBG", "VBN") else None
            if child.dep_ == "amod" and word is not None and word.kind == "reverse":
                return float(word.polarity)
        return 0.0

    def _step(self, node: Token, came: Token, value: float | None) -> float | None:
        if came.dep_ == "conj":  # a coordinated word has its own negation and frame
            return value
        if came.dep_ in _SUBJECTS and node.pos_ in _VERB_POS:
            # the proposition is (in) the clause's subject: what the clause says of it, the
            # verb's own word and negation included; it applies to the subject as a whole
            # ("lifting sanctions would be a mistake": a mistake to undo them)
            said = self.value_of(node, exclude=came)
            if value is None or not said:
                return _add(value, said)
            return said if value > 0 else -said
        word = self.lex.entry(node)
        if word is not None and word.kind == "purpose":
            return None  # "aimed to prevent the loss of X": an aim, not the holder's view
        value = _add(value, self._complement_value(node, came))
        if came.dep_ == "advcl" and self._concessive(came):
            value = (value or 0.0) / 2 + self._main_clause_value(node, came)
        value = self._apply(word, value, came)
        if value is not None and self.lex.negated(node):
            value = -value
        return value

    def _complement_value(self, node: Token, came: Token) -> float:
        """What a copula or an "as" phrase says of the proposition: "the best deterrent is
        X", "see X as a threat", "call X a mistake"."""
        if came.dep_ == "attr" and node.lemma_.lower() in _COPULAS:
            return sum(self.value_of(c) for c in node.children if c.dep_ in _SUBJECTS)
        if came.dep_ == "dobj":
            return sum(self.value_of(c) for c in node.children
                       if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))
        return 0.0

    def _apply(self, word: Word | None, value: float | None, came: Token) -> float | None:
        if word is None or word.polarity == 0:
            return value
        if word.kind == "reverse":
            return float(word.polarity) if value is None else -value
        if word.kind == "boost":
            return float(word.polarity) if value is None else value
        if word.kind not in ("eval", "attitude"):
            return value
        if value is None:
            return float(word.polarity)
        if came.dep_ == "ccomp":  # "fears that X would undermine ...": the clause is the view
            return value + word.polarity if (value > 0) == (word.polarity > 0) else value
        return word.polarity * value  # "a mistake to oppose X", "criticized support for X"

    def _concessive(self, clause: Token) -> bool:
        marks = [c for c in clause.children if c.dep_ in ("mark", "advmod")]
        words = {m.lower_ for m in marks} | {" ".join(t.lower_ for t in marks)}
        return bool(words & self.lex.concessive)

    def _main_clause_value(self, node: Token, came: Token) -> float:
        """ "Although X ..., it is the best guarantee": the main clause speaks of X too."""
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is None or subject.lower_ not in _PRONOUN_SUBJECTS:
            return 0.0
        return self.value_of(node, exclude=came, skip=subject)

    def _holder_at(self, node: Token, came: Token) -> tuple[Holder, int] | None:
        """A holder named at this word, and the token whose step settles its value: the word
        itself, the clause a holder noun is the subject of ("Russia's perception of X
        encompasses ... a threat"), or the verb that owns a borrowed subject ("Orban refused
        to support X")."""
        word = self.lex.entry(node)
        if word is None or word.kind not in ("attitude", "belief", "reverse", "boost"):
            return None
        owner = self._owner(node, came)
        if owner is None or owner.i not in self.scope:
            return None  # outside a quote's content the speaker holds it
        if word.kind in ("reverse", "boost"):  # an act shows where its doer stands:
            if node.pos_ not in _VERB_POS:     # "Russia quit the grain deal"
                return None
            holder = self.judge.actor_holder(owner)
        else:
            holder = self.judge.holder_of(owner)
        if holder is None or holder is _FIRST_PERSON:
            return None
        if node.pos_ in ("NOUN", "PROPN") and node.dep_ in _SUBJECTS:
            return holder, node.head.i
        if owner.dep_ in _SUBJECTS and owner.head.i != node.i and node.pos_ in _VERB_POS:
            return holder, owner.head.i
        return holder, node.i

    def _owner(self, node: Token, came: Token) -> Token | None:
        """Whose attitude a word is: its subject, its possessor, or the subject of the verb
        it is the object of ("expressed support for ...")."""
        if node.pos_ in _VERB_POS:
            return _subject(node)
        if node.pos_ in ("ADJ", "ADP"):  # "Hungary is opposed to / against X"
            return _subject(node.head) if node.head.lemma_.lower() in _COPULAS else None
        for child in node.children:
            if child.i != came.i and child.dep_ in ("poss", "compound", "amod") \
                    and child.i < node.i and self.judge.found.actor_of(child):
                return child
            if child.dep_ == "poss":
                return child
        if node.dep_ == "dobj":
            return _subject(node.head)
        return None

    def _topic_value(self) -> float | None:
        """ "As for X, we have said that this poses a threat": the rest evaluates X."""
        top = self._topic_top(self.mention.trigger)
        if top is None:
            return None
        return sum(self.value_of(r, exclude=top) for r in self._scope_roots())

    def _topic_top(self, token: Token) -> Token | None:
        chain, node = [], token
        while node.dep_ in ("pobj", "prep", "pcomp") and node.head.i != node.i \
                and node.head.i in self.scope:
            node = node.head
            if node.dep_ == "prep" or node.pos_ in ("ADP", "VERB", "NOUN"):
                chain.append(node)
            phrase = " ".join(t.lower_ for t in sorted(chain, key=lambda t: t.i)
                              if t.pos_ != "DET")
            if phrase in self.lex.topics:
                return node
        return None

    def _scope_roots(self) -> list[Token]:
        doc = self.mention.trigger.doc
        return [doc[i] for i in sorted(self.scope)
                if doc[i].head.i not in self.scope or doc[i].head.i == i]

    def value_of(self, token: Token, *, exclude: Token | None = None,
                 skip: Token | None = None) -> float:
        """The value a phrase gives: polar words at the top of a branch count, their own
        branch included ("a threat to Russia's security" is -1); reversers flip what is
        under them; negation flips; conceded clauses do not count."""
        if token.i in (_index(exclude), _index(skip)) or token.i not in self.scope \
                or token.i in self.inside:
            return 0.0
        word = self.lex.entry(token)
        if word is not None and word.kind == "purpose":
            return 0.0
        inner, conjuncts = 0.0, 0.0
        contrast = False
        for child in token.children:
            if child.dep_ == "cc" and child.lower_ in self.lex.contrastive:
                contrast = True
            elif child.dep_ == "conj":
                conjuncts += self.value_of(child, exclude=exclude) * (2 if contrast else 1)
            elif not (child.dep_ == "advcl" and self._concessive(child)):
                inner += self.value_of(child, exclude=exclude, skip=skip)
        own = _own_value(word, inner)
        if self.lex.negated(token):
            own = -own
        return own + conjuncts


def _own_value(word: Word | None, inner: float) -> float:
    if word is None or word.kind in ("belief", "purpose"):
        return inner
    if word.kind == "reverse":
        return -inner if inner else float(word.polarity)
    if word.kind == "boost":
        return inner if inner else float(word.polarity)
    return float(word.polarity) if word.polarity else inner


def _index(token: Token | None) -> int:
    return -1 if token is None else token.i


def _add(value: float | None, more: float) -> float | None:
    if not more:
        return value
    return more if value is None else value + more


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, the agent of a passive one, or that of the verb it depends on
    ("wants to support", "expressed support and urged", "..., urging NATO to ...")."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    if verb.head.i != verb.i and verb.dep_ in ("xcomp", "conj", "advcl", "acomp"):
        return _subject(verb.head)
    return None


# --- records ---------------------------------------------------------------------------------

def _merged(verdicts: list[_Verdict]) -> list[Stance]:
    """One stance per holder, proposition and sentence; the values add up."""
    groups: dict[tuple[str, str, int], list[_Verdict]] = {}
    for verdict in verdicts:
        key = (verdict.holder.actor, verdict.mention.canonical, verdict.sentence.start)
        groups.setdefault(key, []).append(verdict)
    return [_record(group) for group in groups.values()]


def _record(group: list[_Verdict]) -> Stance:
    first = group[0]
    found = findings(first.sentence.doc)
    total = sum(v.value for v in group)
    polarity = (1 if total > 0 else -1) if abs(total) >= _THRESHOLD else 0
    mention = first.mention
    wording = mention.trigger.doc[mention.start:mention.end]
    return Stance(doc_id=found.doc_id, evidence=found.span_of(first.sentence),
                  holder_actor=first.holder.actor, holder=first.holder.span,
                  proposition=mention.canonical, proposition_text=wording.text,
                  polarity=polarity, via_quote=first.quote.id if first.quote else None)
