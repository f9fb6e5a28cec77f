"""Stance: who is for or against which proposition, and the words that say so.

For every proposition the article words (sitroom.propositions), the stage asks two things.

Who holds it. Inside the content of a quote, the speaker (`Quote.speaker_actor`, and actors
coordinated with it); outside, the sentence's holder ("For Russia, ...", "in Moscow's
view"), else the literal `author`. On the way from the proposition up the parse, a belief or
attitude word with its own subject or possessor names an embedded holder: "Moscow fears
that ...", "Russia's perception of ...", "Putin said Hungary opposes ..." (Hungary's stance,
reported in Putin's quote); so does an attitude noun hung on the clause ("Despite Moscow's
objections, Finland joined NATO") and the doer of an act ("Hungary blocked ..."). Acts only
hoped or feared for ("hopes that Congress will approve aid"), asked about, or demanded
("the EU should stop sending weapons") are no stance of their doers. A quote with no
speaker we can name gives the literal holder `unknown`.

How they frame it. The polarity comes from the holder's own words, read compositionally over
the parse with our word list (sitroom/data/stance/words.tsv):
- what the sentence predicates of the proposition when it is the subject: "X poses a threat"
  (-1), "X is the most effective strategy to deter Russia" (+1), "X would not increase
  security" (negation flips: -1), "X threatens no one" (a negative object negates: +1);
- the words it is an argument of: "the threat of X" (-1), "support for X" (+1), "refuse to
  support X" (a reverser flips: -1), "a mistake to oppose X" (stacked: +1), "dismissed X as
  premature" (the complement judges, the verb agrees: -1);
- a fear or hope of a clause: of a judged one it agrees ("fears that X would undermine
  security": -1); of a bare happening it takes its own side ("fears that NATO will deploy
  forces": -1; "worries that Washington will withdraw its troops": +1);
- modals on its own verb or the verb controlling it: "Ukraine will become a member" (+0.5),
  "should join" (+1), "will never join" (-0.5), "could not be held" (-0.5);
- conceded clauses count half ("Although X would anger Moscow, it is the best guarantee"),
  and the conjunct after "but" twice; "neither X nor Y" negates both;
- a question takes no side ("Will the truce hold?"), a rhetorical "why" with a modal means
  the opposite ("Why should Ukraine not join NATO?": +1).
The sum's sign is the polarity when it reaches 0.5; otherwise the stance is neutral (0).
A bare act with no modal, judgement or attitude ("sanctions relief", "the sanctions were
lifted") gives its doer a stance but not the outer holder. The author holds a stance only
where a word judges the proposition or a deontic modal prescribes it: a plain report
("Finland became the 31st member of NATO", "Sweden will join next month") is no stance, and
no record. One record per holder, proposition and sentence.
"""

from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..context import Findings, findings
from ..actors_db import ActorDictionary
from ..propositions import PropositionMention, catalogue, find
from ..records import Actor, Quote, Span, Stance
from . import stage
from .actors import slug
from .sourcing import SOURCING_CUES as SPEECH_CUES

AUTHOR = "author"
UNKNOWN_HOLDER = "unknown"
_THRESHOLD = 0.5
_VERB_POS = ("VERB", "AUX")
_POS = {"NOUN": "noun", "PROPN": "noun", "VERB": "verb", "AUX": "verb", "ADJ": "adj",
        "ADV": "adv", "ADP": "adp"}
_SUBJECTS = ("nsubj", "csubj")
_COPULAS = {"be", "remain", "seem", "become"}
_PRONOUN_SUBJECTS = {"it", "this", "that", "they", "such"}
_SELF_REFERENCES = {"it", "they", "we", "i"}
_CLAUSES = ("ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis")
_QUANTIFIERS = {"many", "some", "several", "most", "few", "all", "the", "a", "an", "other",
                "these", "those", "both"}


@stage("stance", needs=("mentions", "quotes"), sets=("stances",))
def stance(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    mentions = find(doc, found, catalogue(ctx.options.config), ctx.actors)
    if mentions:
        judge = _Judge(doc, found, lexicon(), ctx.actors)
        found.stances.extend(_merged([v for m in mentions for v in judge.verdicts(m)]))
    return doc


# --- the word list -----------------------------------------------------------------------

# Kinds whose polarity is a judgement by itself ("a threat", "undermine", "strengthen"); an
# act ("lift", "end") or another actor's attitude is not.
JUDGING = frozenset({"eval", "harm", "boost"})
_ARGUMENTS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "dative")
_INFLECTIONS = (("s", ""), ("es", ""), ("d", ""), ("ed", ""), ("ing", ""), ("ing", "e"))


@dataclass(frozen=True)
class Word:
    kind: str  # eval, attitude, belief, reverse, harm, boost or purpose
    polarity: int
    particle: str | None = None  # "call for": the preposition that must hang on the verb

    @property
    def judges(self) -> bool:
        return self.kind in JUDGING and self.polarity != 0


@dataclass(frozen=True, eq=False)
class Lexicon:
    words: dict[tuple[str, str], tuple[Word, ...]]
    negators: frozenset[str]
    negative_arguments: frozenset[str]
    modals: dict[str, tuple[float, float]]
    deontic: frozenset[str]
    concessive: frozenset[str]
    contrastive: frozenset[str]
    first_person: frozenset[str]
    topics: frozenset[str]
    perspective_nouns: frozenset[str]
    perspective_preps: frozenset[str]
    adjunct_preps: frozenset[str]
    rhetorical: frozenset[str]
    open_questions: frozenset[str]
    addressed_warnings: frozenset[str]

    def entry(self, token: Token) -> Word | None:
        pos = _POS.get(token.pos_)
        entries = next((e for e in (self.words.get((f, pos)) for f in _forms(token)) if e), ())
        children = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt")}
        if any(c.dep_ == "xcomp" for c in token.children):
            children.add("to")  # "ask Washington to send": a to-infinitive
        with_particle = [w for w in entries if w.particle and w.particle in children]
        plain = [w for w in entries if w.particle is None]
        return (with_particle or plain or [None])[0]

    def negated(self, token: Token) -> bool:
        """ "not", "never", "no longer", a negative determiner, or a negative subject or
        object ("threatens no one", "Nobody should see ...")."""
        return any(c.dep_ == "neg" or (c.lower_ in self.negators and
                                       c.dep_ in ("advmod", "det", "preconj"))
                   or (c.dep_ == "advmod" and any(g.lower_ == "no" for g in c.children))
                   or (c.dep_ in _ARGUMENTS and self.negative(c))
                   for c in token.children)

    def negative(self, token: Token) -> bool:
        """ "nobody", "nothing", "no one": a negative pronoun, not a negated noun."""
        if token.lower_ in self.negative_arguments or any(
                c.dep_ in ("preconj", "det") and c.lower_ == "neither" for c in token.children):
            return True
        return token.lemma_.lower() in ("one", "body") and \
            any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)

    def modal(self, verb: Token, *,
              deontic_only: bool = False) -> tuple[float, float, bool] | None:
        """The first modal on a verb (or the verb itself: "ought", "need"): its weight when
        affirmative and when negated, and whether it is deontic."""
        for word in [a for a in verb.children if a.dep_ in ("aux", "auxpass")] + [verb]:
            name = word.lower_ if word.lower_ in self.modals else word.lemma_.lower()
            if name in self.modals and not (deontic_only and name not in self.deontic):
                return (*self.modals[name], name in self.deontic)
        return None


def _forms(token: Token) -> list[str]:
    """The lemma and the word form, then the form without a regular inflection: the
    lemmatizer makes "hop" of "hopes"."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    if token.pos_ in _VERB_POS or token.tag_ == "NNS":
        forms += [lower[:-len(end)] + add for end, add in _INFLECTIONS
                  if lower.endswith(end) and len(lower) > len(end) + 2]
    return forms


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
    sets = {k: frozenset(markers[k]) for k in (
        "negators", "negative_arguments", "deontic", "concessive", "contrastive",
        "first_person", "topics", "perspective_nouns", "perspective_preps", "adjunct_preps",
        "rhetorical", "open_questions", "addressed_warnings")}
    modals = {k: (float(v[0]), float(v[1])) for k, v in markers["modals"].items()}
    return Lexicon(words={k: tuple(v) for k, v in words.items()}, modals=modals, **sets)


# --- holders -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Holder:
    actor: str
    span: Span | None = None
    new: Actor | None = field(default=None, compare=False)  # added when a record uses it


_FIRST_PERSON = Holder("first person")


@dataclass(frozen=True)
class _Verdict:
    holder: Holder
    value: float
    mention: PropositionMention
    sentence: SpacySpan
    quote: Quote | None
    judged: bool = True  # the holder's words judge it (for the author: else no record)


class _Judge:
    """Holders and polarity of the propositions of one article."""

    def __init__(self, doc: Doc, found: Findings, lex: Lexicon, db: ActorDictionary):
        self.doc, self.found, self.lex, self.db = doc, found, lex, db

    def verdicts(self, mention: PropositionMention) -> list[_Verdict]:
        sentence = self._sentence(mention.trigger)
        quote = self._quote_of(mention.trigger)
        scope = self._scope(sentence, quote)
        outer = self._outer(sentence, quote)
        walk = _Walk(self, mention, scope, self._cue_of(quote), sentence,
                     author=outer.actor == AUTHOR)
        value, embedded, outer_counts = walk.run()
        out = [_Verdict(h, v, mention, sentence, quote) for h, v in embedded]
        happening = -1.0 if walk.raw is not None and walk.raw < 0 else 1.0
        out += [_Verdict(h, v * happening, mention, sentence, quote)
                for h, v in self._adjuncts(mention)]
        if outer_counts:
            out += [_Verdict(h, value or 0.0, mention, sentence, quote, walk.judged)
                    for h in [outer, *self._co_speakers(quote)]]
        return out

    def _sentence(self, token: Token) -> SpacySpan:
        """The sentence of a token as the sourcing stage cuts it: spaCy's, cut again at line
        breaks and trimmed (read for the few tokens that word a proposition only)."""
        sentence = token.sent
        start, end = sentence.start, sentence.end
        for other in sentence:
            if "\n" in other.text:
                if other.i < token.i:
                    start = other.i + 1
                else:
                    end = other.i
                    break
        while start < token.i and self.doc[start].is_space:
            start += 1
        while end > token.i + 1 and self.doc[end - 1].is_space:
            end -= 1
        return self.doc[start:end]

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

    def _outer(self, sentence: SpacySpan, quote: Quote | None) -> Holder:
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

    def _co_speakers(self, quote: Quote | None) -> list[Holder]:
        """ "The United States and Britain support a ceasefire": the quote names one."""
        if quote is None or quote.speaker is None:
            return []
        span = self.doc.char_span(quote.speaker.start, quote.speaker.end,
                                  alignment_mode="expand")
        if span is None:
            return []
        holders = [self.actor_holder(c) for c in span.root.conjuncts if c.i > span.root.i]
        return [h for h in holders if h is not None]

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

    def _adjuncts(self, mention: PropositionMention) -> list[tuple[Holder, float]]:
        """ "Despite Moscow's objections, Finland joined NATO": an attitude noun with its
        owner, hung on the clause of the proposition (toward what the clause says happens:
        "the embargo will be lifted despite US objections" is the US for the embargo)."""
        out = []
        for head in dict.fromkeys((mention.event, mention.trigger, *_clause(mention.trigger))):
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.lex.adjunct_preps:
                    continue
                for noun in (c for c in prep.children if c.dep_ == "pobj"):
                    word = self.lex.entry(noun)
                    owner = _possessor(noun, self.found)
                    if word is None or word.kind != "attitude" or owner is None:
                        continue
                    holder = self.holder_of(owner)
                    if holder is not None and holder is not _FIRST_PERSON:
                        sign = -1 if self.lex.negated(noun) else 1
                        out.append((holder, float(sign * word.polarity)))
        return out

    def holder_of(self, token: Token) -> Holder | None:
        """The actor a holder's word names. A plural noun phrase no actor stands for becomes
        a group local to the article ("Many NATO members in Eastern Europe"); another noun
        phrase an `unknown` holder with its span ("the minister")."""
        if token.lower_ in self.lex.first_person and token.pos_ == "PRON":  # not "US"
            return _FIRST_PERSON
        holder = self.actor_holder(token) or self._capital(token)
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

    def _capital(self, token: Token) -> Holder | None:
        """A capital the actor stage missed ("Kyiv hopes ..." read as an adjective) stands
        for its government, as the actor stage would have it."""
        code = self.db.country_of_capital(token.text) if token.dep_ in _SUBJECTS else None
        actor = self.db.actors.get(f"gov:{code}") if code else None
        return Holder(actor.id, self.found.span_of(token), actor) if actor else None

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
        return Holder(actor.id, self.found.span_of(span), actor)


def _comma_after(prep: Token) -> bool:
    after = prep.right_edge.i + 1
    return after < len(prep.doc) and prep.doc[after].text == ","


def _clause(token: Token) -> list[Token]:
    """The words above a token up to the verb of its clause, and the verbs that verb
    controls ("The embargo is likely to be lifted despite US objections")."""
    out = []
    while token.head.i != token.i and token.dep_ not in _CLAUSES:
        token = token.head
        out.append(token)
    below = [c for c in token.children if c.dep_ in ("xcomp", "acomp")]
    while below:
        out += below
        below = [c for b in below for c in b.children if c.dep_ in ("xcomp", "acomp")]
    return out


def _possessor(noun: Token, found: Findings) -> Token | None:
    """ "Moscow's objections", "Turkish objections": who holds the attitude a noun names."""
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.i < noun.i
                                    and found.actor_of(child)):
            return child
    return None


# --- polarity --------------------------------------------------------------------------------

class _Walk:
    """From the proposition up the parse to the edge of its scope, reading the holder's words.

    `value` is what the words say of the proposition; `judged` whether a word judged it
    (a threat, the best deterrent, should) rather than only reporting that it happens, will
    happen or is undone ("will deploy", "lifted"): a fear or hope of a judged clause agrees
    with it ("fears that X would undermine security": against X), of a bare happening takes
    its own side ("fears that NATO will deploy forces": against the deployment)."""

    def __init__(self, judge: _Judge, mention: PropositionMention, scope: frozenset[int],
                 cue: int | None, sentence: SpacySpan, *, author: bool):
        self.judge, self.lex, self.mention, self.scope = judge, judge.lex, mention, scope
        self.cue, self.sentence, self.author = cue, sentence, author
        self.inside = set(mention.tokens)
        self.judged = False
        self.sourced = False  # a modal, judgement or attitude says something: else a bare
        # act ("sanctions relief", "lifted") gives its doer a stance, not the outer holder
        self.read_negation = -1  # the verb whose negation the modal has read
        self.raw: float | None = None  # the value, sourced or not
        self.visited: list[Token] = []

    def run(self) -> tuple[float | None, list[tuple[Holder, float]], bool]:
        """The value for the outer holder, the embedded holders with theirs, and whether the
        outer holder's words go beyond what the embedded holders said."""
        value = self._start()
        embedded: list[tuple[Holder, float]] = []
        waiting: list[tuple[Holder, int]] = []  # holders whose clause is still above
        changed = True
        came, node = self.mention.trigger, self.mention.trigger.head
        while node.i != came.i and node.i in self.scope:
            before = value
            value = self._step(node, came, value)
            changed = changed or value != before
            if self._hides_holders(node, came):
                embedded, waiting, changed = [], [], True
            waiting += self._holders_at(node, came)
            for holder, until in [w for w in waiting if w[1] == node.i]:
                _settle(embedded, holder, value)
                waiting.remove((holder, until))
                changed = False
            self.visited.append(node)
            came, node = node, node.head
        for holder, _ in waiting:
            _settle(embedded, holder, value)
            changed = False
        if node.i == self.cue and node.i != came.i:  # "Hungary opposes X": the cue's own word
            before = value
            value = self._step(node, came, value)
            word = self.lex.entry(node)  # "Germany refused to send": the speaker's own act
            self.sourced = self.sourced or (word is not None and value is not None
                                            and word.kind in ("reverse", "boost"))
            changed = changed or value != before
            if self._hides_holders(node, came):
                embedded, changed = [], True
            self.visited.append(node)
        topic = self._topic_value()
        if topic is not None:
            value, changed = _add(value, topic), True
        factor = self._question()
        if factor != 1.0:  # a question asks about the acts below it: they are no stances
            value = None if value is None else value * factor
            embedded = [(h, v * factor) for h, v in embedded] if factor else []
        self.raw = value
        return (value if self.sourced else None), embedded, changed or not embedded

    def _start(self) -> float | None:
        """What the proposition's own words say: modals on its verb ("should join", "will
        never join"; for the author only the deontic ones), a verbal or evaluative modifier
        ("lifting sanctions", "the illegal annexation", "X, a hostile act") and "no"."""
        value = None
        event, trigger = self.mention.event, self.mention.trigger
        modal = self.lex.modal(event, deontic_only=self.author)
        if modal is not None:
            affirmative, negated, deontic = modal
            value = (negated if self.lex.negated(event) else affirmative) or None
            self.judged = deontic and value is not None
            self.sourced = value is not None
            self.read_negation = event.i  # "would not send": read with the modal
        value = _add(value, self._verbal_modifier())
        judged = self._modifiers()
        if judged:
            value, self.judged, self.sourced = _add(value, judged), True, True
        if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in trigger.children):
            value, self.sourced = (-value if value else -1.0), True  # "there will be no truce"
        return value

    def _verbal_modifier(self) -> float:
        """ "Lifting sanctions ..." parsed as an adjective on "sanctions"."""
        for child in self.mention.trigger.children:
            word = self.lex.entry(child) if child.tag_ in ("VBG", "VBN") else None
            if child.dep_ == "amod" and word is not None and word.kind == "reverse":
                return float(word.polarity)
        return 0.0

    def _modifiers(self) -> float:
        """ "the illegal annexation of Crimea"; "Sweden's accession, a hostile act"."""
        total = 0.0
        for child in self.mention.trigger.children:
            if child.dep_ == "amod":
                word = self.lex.entry(child)
                if word is not None and word.kind == "eval":
                    total += -word.polarity if self.lex.negated(child) else word.polarity
            elif child.dep_ == "appos":
                total += self._value(child)[0]
        return total

    def _step(self, node: Token, came: Token, value: float | None) -> float | None:
        if came.dep_ == "conj":  # a coordinated word has its own negation and frame
            return value
        if came.dep_ in (*_SUBJECTS, "nsubjpass") and node.pos_ in _VERB_POS:
            # the proposition is (in) the clause's subject: what the clause says of it, the
            # verb's own word and negation included; it applies to the subject as a whole
            # ("lifting sanctions would be a mistake": a mistake to undo them)
            said, judged = self._value(node, exclude=came)
            word = self.lex.entry(node)
            act = word is not None and word.kind in ("reverse", "boost") and not judged
            self.judged = self.judged or judged
            self.sourced = self.sourced or (bool(said) and not act)  # "X was lifted": a report
            return _predicated(value, said)
        word = self.lex.entry(node)
        if word is not None and word.kind == "purpose":
            return None  # "aimed to prevent the loss of X": an aim, not the holder's view
        if word is not None and node.pos_ == "ADP" and self._particle(node):
            word = None  # "warned Finland against joining": the verb's word says it
        if came.dep_ == "xcomp":
            value = self._controlled(node, value)
        if came.dep_ == "prep" and node.pos_ in _VERB_POS:
            value = self._apply(self._stranded(node), value, came)
        said = self._complement_value(node, came)
        if said:  # "see X as a threat", "dismissed X as premature": the complement judges
            self.judged = self.sourced = True
            value = _predicated(value, said)
            if word is not None and word.kind in ("attitude", "eval") and value \
                    and word.polarity * value > 0:
                value += word.polarity
        else:
            if came.dep_ == "advcl" and self._concessive(came):
                main = self._main_clause_value(node, came)
                value, self.sourced = (value or 0.0) / 2 + main, self.sourced or bool(main)
            value = self._apply(word, value, came)
        if value is not None and self.lex.negated(node) and node.i != self.read_negation:
            value = -value
        return value

    def _particle(self, prep: Token) -> bool:
        word = self.lex.entry(prep.head) if prep.head.i != prep.i else None
        return word is not None and word.particle == prep.lower_

    def _stranded(self, verb: Token) -> Word | None:
        """ "withdrew its objection to X" parsed with "to X" on the verb: the object's word."""
        for child in verb.children:
            word = self.lex.entry(child) if child.dep_ == "dobj" else None
            if word is not None and word.kind == "attitude" and child.pos_ in ("NOUN", "PROPN"):
                return word
        return None

    def _controlled(self, node: Token, value: float | None) -> float | None:
        """ "should be invited to join", "should keep sending": the modal of the verb that
        controls the proposition's own (its negation is the step's)."""
        modal = self.lex.modal(node, deontic_only=self.author)
        if value or modal is None or not modal[0]:
            return value
        self.judged = self.judged or modal[2]
        self.sourced = True
        return modal[0]

    def _complement_value(self, node: Token, came: Token) -> float:
        """What a copula or an "as" phrase says of the proposition: "the best deterrent is
        X", "see X as a threat", "call X a mistake"."""
        if came.dep_ == "attr" and node.lemma_.lower() in _COPULAS:
            return sum(self._value(c)[0] for c in node.children if c.dep_ in _SUBJECTS)
        if came.dep_ == "dobj":
            parts = [c for c in node.children
                     if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")]
            parts += [c for c in came.children if (c.dep_ == "prep" and c.lower_ == "as")
                      or (c.dep_ == "appos" and came.i != self.mention.trigger.i)]
            return sum(self._value(c)[0] for c in parts)
        return 0.0

    def _apply(self, word: Word | None, value: float | None, came: Token) -> float | None:
        if word is None or word.polarity == 0:
            return value
        if word.kind in ("reverse", "harm"):
            return float(word.polarity) if value is None else -value
        if word.kind == "boost":
            return float(word.polarity) if value is None else value
        if word.kind not in ("eval", "attitude") or (came.dep_ == "ccomp" and
                                                       self._threat(came.head)):
            return value  # "warned Russia that new sanctions would follow": a threat
        self.judged = self.judged or word.kind == "eval"
        self.sourced = True
        if value is None:
            return float(word.polarity)
        if came.dep_ == "ccomp":
            if self.judged:  # "fears that X would undermine ...": the clause is the view
                return value + word.polarity if (value > 0) == (word.polarity > 0) else value
            # "fears that NATO will deploy forces": against what is expected to happen
            return float(word.polarity) if value >= 0 else float(-word.polarity)
        return word.polarity * value  # "a mistake to oppose X", "criticized support for X"

    def _threat(self, verb: Token) -> bool:
        """A warning to someone, or of what the warner will do, is a threat: "warned Russia
        that sanctions would follow", "warned that they would reinforce troops"."""
        if verb.lemma_.lower() not in self.lex.addressed_warnings:
            return False
        if any(c.dep_ in ("dobj", "dative") for c in verb.children):
            return True
        warner = _subject(verb)
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        doer = _subject(clause) if clause is not None else None
        if warner is None or doer is None:
            return False
        found = self.judge.found
        return doer.lower_ in _SELF_REFERENCES or (
            found.actor_of(doer) is not None and found.actor_of(doer) == found.actor_of(warner))

    def _concessive(self, clause: Token) -> bool:
        if clause.dep_ == "prep":  # "despite US objections"
            return clause.lower_ in self.lex.concessive
        marks = [c for c in clause.children if c.dep_ in ("mark", "advmod")]
        words = {m.lower_ for m in marks} | {" ".join(t.lower_ for t in marks)}
        return bool(words & self.lex.concessive)

    def _main_clause_value(self, node: Token, came: Token) -> float:
        """ "Although X ..., it is the best guarantee": the main clause speaks of X too."""
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is None or subject.lower_ not in _PRONOUN_SUBJECTS:
            return 0.0
        said, judged = self._value(node, exclude=came, skip=subject)
        self.judged = self.judged or judged
        return said

    def _hides_holders(self, node: Token, came: Token) -> bool:
        """ "Zelensky hopes that Congress will approve aid": Congress's act is only hoped
        for, so the holders of the clause below a fear, hope or wish take no stance."""
        word = self.lex.entry(node)
        return came.dep_ == "ccomp" and word is not None and word.kind == "attitude"

    def _holders_at(self, node: Token, came: Token) -> list[tuple[Holder, int]]:
        """The holders named at this word, and the token whose step settles their value: the
        word itself, the clause a holder noun is the subject of ("Russia's perception of X
        encompasses ... a threat"), or the verb that owns a borrowed subject ("Orban refused
        to support X"). Coordinated holders each hold it ("Neither Kyiv nor Moscow wants");
        a word under "should" or "must" is the speaker's demand, not its subject's stance."""
        word = self.lex.entry(node)
        if word is None or word.kind not in ("attitude", "belief", "reverse", "boost"):
            return []
        owner = self._owner(node, came)
        if owner is None or owner.i not in self.scope:
            return []  # outside a quote's content the speaker holds it
        modal = self.lex.modal(node)
        if modal is not None and modal[2]:
            return []
        if word.kind in ("reverse", "boost") and (node.pos_ not in _VERB_POS or (
                node.dep_ == "advcl" and _infinitive(node))):
            return []  # an act, not an aim, shows where its doer stands: "Russia quit the deal"
        if node.pos_ in ("NOUN", "PROPN") and node.dep_ in _SUBJECTS:
            until = node.head.i
        elif owner.dep_ in _SUBJECTS and owner.head.i != node.i and node.pos_ in _VERB_POS:
            until = owner.head.i
        else:
            until = node.i
        out = []
        for token in [owner, *(c for c in owner.conjuncts if c.i > owner.i)]:
            holder = self.judge.actor_holder(token) if word.kind in ("reverse", "boost") \
                else self.judge.holder_of(token)
            if holder is not None and holder is not _FIRST_PERSON:
                out.append((holder, until))
        return out

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
        values = [self._value(r, exclude=top) for r in self._scope_roots()]
        self.judged = self.judged or any(j for _, j in values)
        self.sourced = True
        return sum(v for v, _ in values)

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

    def _question(self) -> float:
        """1, or 0 for a question ("Will the ceasefire hold?", "asked whether ..."), or -1
        for a rhetorical one ("Why should Ukraine not join NATO?")."""
        for node in (self.mention.event, *self.visited):
            marks = {c.lower_ for c in node.children if c.dep_ in ("advmod", "mark")}
            if marks & self.lex.rhetorical:
                return -1.0 if self.lex.modal(node) else 0.0
            if marks & self.lex.open_questions:
                return 0.0
        trigger = self.mention.trigger
        return 0.0 if any(t.text == "?" for t in self.sentence if t.i > trigger.i) else 1.0

    def _value(self, token: Token, *, exclude: Token | None = None,
               skip: Token | None = None) -> tuple[float, bool]:
        """The value a phrase gives, and whether a word judged: polar words at the top of a
        branch count, their own branch included ("a threat to Russia's security" is -1);
        reversers flip what is under them; negation flips; conceded clauses do not count;
        "neither X nor Y" negates both."""
        if token.i in (_index(exclude), _index(skip)) or token.i not in self.scope \
                or token.i in self.inside:
            return 0.0, False
        word = self.lex.entry(token)
        if word is not None and word.kind == "purpose":
            return 0.0, False
        inner, conjuncts, judged = 0.0, 0.0, word is not None and word.judges
        weight = 1.0
        for child in token.children:
            if child.dep_ == "cc":
                weight *= (2.0 if child.lower_ in self.lex.contrastive else 1.0) * \
                    (-1.0 if child.lower_ in self.lex.negators else 1.0)
            elif child.dep_ == "conj":
                more, more_judged = self._value(child, exclude=exclude)
                conjuncts, judged = conjuncts + more * weight, judged or more_judged
            elif not (child.dep_ in ("advcl", "prep") and self._concessive(child)):
                more, more_judged = self._value(child, exclude=exclude, skip=skip)
                inner, judged = inner + more, judged or more_judged
        own = _own_value(word, inner)
        if not own and token.pos_ in _VERB_POS and self._comes_to_nothing(token):
            own, judged = -1.0, True
        elif self.lex.negated(token):
            own = -own
        return own + conjuncts, judged

    def _comes_to_nothing(self, verb: Token) -> bool:
        """ "The sanctions have done little", "... achieved nothing"."""
        return any(c.dep_ in ("dobj", "npadvmod") and c.lower_ in self.lex.negative_arguments
                   for c in verb.children)


def _own_value(word: Word | None, inner: float) -> float:
    if word is None or word.kind in ("belief", "purpose"):
        return inner
    if word.kind in ("reverse", "harm"):
        return -inner if inner else float(word.polarity)
    if word.kind == "boost":
        return inner if inner else float(word.polarity)
    return float(word.polarity) if word.polarity else inner


def _predicated(value: float | None, said: float) -> float | None:
    """What a clause says of a proposition applies to it as worded: "lifting X would be a
    mistake" is for X."""
    if not value or not said:
        return _add(value, said)
    return said if value > 0 else -said


def _settle(embedded: list[tuple[Holder, float]], holder: Holder, value: float | None) -> None:
    """The higher word of one holder is its last word: "Turkey withdrew its objection"."""
    embedded[:] = [(h, v) for h, v in embedded if h.actor != holder.actor]
    embedded.append((holder, value or 0.0))


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


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
    """One stance per holder, proposition and sentence; the values add up. The author holds
    a stance only where its words judge the proposition: a plain report ("Finland became the
    31st member of NATO") is no stance."""
    groups: dict[tuple[str, str, int], list[_Verdict]] = {}
    for verdict in verdicts:
        key = (verdict.holder.actor, verdict.mention.canonical, verdict.sentence.start)
        groups.setdefault(key, []).append(verdict)
    records = []
    for group in groups.values():
        record = _record(group)
        if record.holder_actor == AUTHOR and not (record.polarity and
                                                 any(v.judged for v in group)):
            continue
        holder = group[0].holder
        if holder.new is not None:
            findings(group[0].sentence.doc).add_actor(holder.new)
        records.append(record)
    return records


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
