"""Causal claims: cause, effect, signal and claimant of explicit causal statements.

A signal lexicon (sitroom/data/claims/signals.tsv, ours) finds candidate signals with spaCy
`PhraseMatcher`s; each signal's frame says how cause and effect are read off the dependency
parse around it ("one of the reasons for Y is X", "X because Y", "X led to Y", "X aimed to Y").
Strong signals make a claim wherever they parse as their frame. Weak ones ("after", "as", a
bare purpose "to") are causal only some of the time: they make a claim when a relation model
(over the signal and the heads it links) finds the relation causal, or fairly likely in a
sentence that the sentence model (over words, dependency links and signals) finds causal.
Both are linear models trained on the Causal News Corpus by `python -m sitroom.train.causal`.

A claim whose signal lies inside the content of a quote is the speaker's claim (`claimant` is
the speaker's actor, `attributed`, `via_quote`); any other claim is the author's.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..context import Findings, findings
from ..errors import DataError
from ..records import Claim, Quote
from ..train.linear import LinearModel
from . import stage

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"
# Thresholds for weak signals (chosen on the CNC cross-validation, docs/quality/causal.md):
# a sentence is causal at P >= CAUSAL_THRESHOLD; a weak relation is reported at
# P(relation) >= RELATION_SURE, or >= RELATION_LIKELY in a causal sentence.
CAUSAL_THRESHOLD = 0.45
RELATION_SURE = 0.5
RELATION_LIKELY = 0.3

TokenRange = tuple[int, int]
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_OBJECTS = ("dobj", "pobj", "pcomp", "xcomp", "ccomp", "dative", "oprd", "attr", "obj")
_EDGE_WORDS = {"and", "but", "or", "also", "then", "which", "that", "allegedly"}
_RELATIVE = {"which", "that", "who", "whom", "whose"}


@dataclass(frozen=True)
class Signal:
    """One line of the signal lexicon."""

    words: str
    frame: str
    strong: bool
    in_span: str
    reportable: bool = True


@dataclass(frozen=True)
class Relation:
    """A causal relation found in a parse, as token ranges `[start, end)` of the Doc."""

    cause: TokenRange
    effect: TokenRange
    signal: TokenRange
    frame: str
    strong: bool
    words: str
    reportable: bool = True


# --- the stage ---------------------------------------------------------------------------


@stage("claims", needs=("quotes",), sets=("claims",))
def claims(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    sentence, relation = sentence_model(), relation_model()
    reads_vectors = uses_vectors(sentence, ctx.options.model)
    for sent in doc.sents:
        relations = relations_in(sent)
        if relations:
            vector = sentence_vector(sent) if reads_vectors else None
            probability = causal_probability(sentence, sent, relations, vector)
            likely = [relation_probability(relation, doc, r) for r in relations]
            for chosen in reported(relations, probability, likely):
                found.claims.append(make_claim(found, doc, chosen))
    return doc


def reported(relations: list[Relation], sentence_probability: float,
             relation_probabilities: list[float]) -> list[Relation]:
    """The relations of a sentence that become claims: strong ones always; weak ones when
    the relation model is sure, or fairly sure in a sentence the sentence model finds causal;
    never concessive cues ("despite X, Y" does not claim that X brought Y about)."""
    causal = sentence_probability >= CAUSAL_THRESHOLD
    return [r for r, p in zip(relations, relation_probabilities, strict=True) if r.reportable
            and (r.strong or p >= RELATION_SURE or causal and p >= RELATION_LIKELY)]


def make_claim(found: Findings, doc: Doc, relation: Relation) -> Claim:
    cause, effect, signal = (_char_span(found, doc, r) for r in
                             (relation.cause, relation.effect, relation.signal))
    start = min(cause.start, effect.start, signal.start)
    end = max(cause.end, effect.end, signal.end)
    quote = quote_around(found.quotes, signal)
    return Claim(doc_id=found.doc_id, evidence=found.span(start, end), kind="causal",
                 cause=cause, effect=effect, signal=signal,
                 claimant=claimant_of(quote), attributed=quote is not None,
                 via_quote=quote.id if quote else None)


def quote_around(quotes: Iterable[Quote], signal) -> Quote | None:
    """The quote whose content holds the signal; the innermost one when quotes nest."""
    holding = [(len(part), q) for q in quotes for part in q.content if part.contains(signal)]
    return min(holding, key=lambda pair: pair[0])[1] if holding else None


def claimant_of(quote: Quote | None) -> str:
    """The speaker's actor for a quoted claim ("unknown" if unresolved), else "author"."""
    if quote is None:
        return "author"
    return quote.speaker_actor or "unknown"


def _char_span(found: Findings, doc: Doc, tokens: TokenRange):
    span = doc[tokens[0]:tokens[1]]
    return found.span(span.start_char, span.end_char)


# --- the sentence model ------------------------------------------------------------------


@functools.cache
def sentence_model() -> LinearModel:
    return _load_model("sentence_model.json")


def _load_model(name: str) -> LinearModel:
    path = DATA / name
    if not path.exists():
        raise DataError(f"causal model missing: {path} "
                        f"(build it with python -m sitroom.train.causal)")
    return LinearModel.load(path)


def causal_probability(model: LinearModel, sent: SpacySpan, relations: list[Relation],
                       vector=None) -> float:
    return model.probabilities(sentence_features(sent, relations), vector).get("1", 0.0)


def uses_vectors(model: LinearModel, spacy_model: str) -> bool:
    """Whether the model's dense part can read this pipeline's token vectors: only those of
    the pipeline it was trained on (others mean something else); without them the model
    scores on its sparse features alone."""
    return model.dense is not None and model.dense.source == spacy_model


def sentence_vector(sent: SpacySpan) -> np.ndarray | None:
    """The sentence's contextual token vectors (the parser's `doc.tensor`), mean- and
    max-pooled; None when the pipeline sets no tensor."""
    tensor = sent.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(sent.doc) or not len(sent):
        return None
    rows = tensor[sent.start:sent.end]
    return np.concatenate([rows.mean(axis=0), rows.max(axis=0)])


def sentence_features(sent: SpacySpan, relations: list[Relation]) -> list[str]:
    """Words, word pairs, dependency links and the signals that parsed, as feature strings."""
    words = [t.lemma_.lower() for t in sent if not t.is_punct]
    features = [f"w={w}" for w in words]
    features += [f"b={a}_{b}" for a, b in zip(words, words[1:])]
    for token in sent:
        if token.dep_ in _LINK_DEPS:
            lemma = token.lemma_.lower()
            features += [f"d={token.dep_}|{token.tag_}", f"dw={token.dep_}|{lemma}",
                         f"dhw={lemma}|{token.dep_}|{token.head.lemma_.lower()}"]
    for relation in relations:
        features += [f"sig={relation.words}", f"frame={relation.frame}",
                     f"sig={relation.words}|{relation.frame}"]
        if relation.strong:
            features.append("strong")
    verbs = sum(t.pos_ == "VERB" for t in sent)
    features += [f"verbs={min(verbs, 6)}", f"length={min(len(sent) // 10, 6)}",
                 "relations" if relations else "no_relations"]
    return features


@functools.cache
def relation_model() -> LinearModel:
    return _load_model("relation_model.json")


def relation_probability(model: LinearModel, doc: Doc, relation: Relation) -> float:
    return model.probabilities(relation_features(doc, relation)).get("1", 0.0)


def relation_features(doc: Doc, relation: Relation) -> list[str]:
    """The signal with the heads of what it links: is this signal causal here?"""
    signal = doc[relation.signal[0]:relation.signal[1]]
    attach = _outside_head(signal)
    heads = {"attach": attach, "cause": doc[relation.cause[0]:relation.cause[1]].root,
             "effect": doc[relation.effect[0]:relation.effect[1]].root}
    words = relation.words
    features = [f"sig={words}", f"frame={relation.frame}", f"strong={relation.strong}",
                f"sig_dep={words}|{signal[0].dep_}", f"cause_pos={heads['cause'].pos_}",
                f"effect_pos={heads['effect'].pos_}",
                f"after_object={_after_object(attach, relation)}|{words}",
                f"sizes={min(len(range(*relation.cause)) // 3, 5)}|"
                f"{min(len(range(*relation.effect)) // 3, 5)}"]
    for role, token in heads.items():
        lemma = token.lemma_.lower()
        features += [f"{role}={lemma}", f"sig_{role}={words}|{lemma}"]
    return features


def _after_object(attach: Token, relation: Relation) -> bool:
    """A preposition after the verb's object ("exert influence over X") mostly belongs to
    the object rather than giving a cause of the event."""
    return relation.frame == "prep_cause" and any(c.dep_ in ("dobj", "obj")
                                                  for c in attach.children)


# Dependency links that tie one event to another (clauses, participles, prepositions).
_LINK_DEPS = {"advcl", "xcomp", "acl", "relcl", "ccomp", "conj", "prep", "mark", "agent",
              "pcomp", "pobj", "dobj", "nsubj", "nsubjpass", "aux", "advmod"}


# --- finding signals ---------------------------------------------------------------------


@functools.cache
def signals() -> dict[str, tuple[Signal, ...]]:
    """The lexicon: signal words -> their entries (one per frame they can take)."""
    path = DATA / "signals.tsv"
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        table: dict[str, list[Signal]] = {}
        for row in csv.DictReader(lines, delimiter="\t"):
            entry = Signal(words=row["signal"], frame=row["frame"],
                           strong=row["strength"] == "strong", in_span=row["in_span"],
                           reportable=row["strength"] != "cue")
            table.setdefault(entry.words, []).append(entry)
    return {words: tuple(entries) for words, entries in table.items()}


@functools.lru_cache(maxsize=4)
def _matchers(vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Phrase matchers (hash lookups, far cheaper than token patterns): one on lower-cased
    words, one on lemmas for the signals written with ~ (all their words match by lemma)."""
    by_lower, by_lemma = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="LEMMA")
    for words in signals():
        plain = [w.lstrip("~") for w in words.split()]
        if words.startswith("~"):
            by_lemma.add(words, [Doc(vocab, words=plain, lemmas=plain)])
        else:
            by_lower.add(words, [Doc(vocab, words=plain)])
    return by_lower, by_lemma


def signal_matches(sent: SpacySpan) -> list[tuple[str, SpacySpan]]:
    """Signals in a sentence, longest first where they overlap ("due to" over "to")."""
    strings = sent.doc.vocab.strings
    found = [(strings[key], sent.doc[start:end]) for matcher in _matchers(sent.doc.vocab)
             for key, start, end in matcher(sent)]
    found.sort(key=lambda m: (-len(m[1]), m[1].start))
    taken: set[int] = set()
    kept = []
    for words, span in found:
        if not taken.intersection(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            kept.append((words, span))
    return sorted(kept, key=lambda m: m[1].start)


def relations_in(sent: SpacySpan) -> list[Relation]:
    """Causal relations of a sentence, strong signals first; a relation that restates one
    already found (same cause, overlapping effect) is dropped."""
    found = []
    for words, span in signal_matches(sent):
        relation = _first(_read(entry, span, sent) for entry in signals()[words])
        if relation is not None:
            found.append(relation)
    kept: list[Relation] = []
    for relation in sorted(found, key=lambda r: (not r.strong, r.signal[0])):
        if not any(r.cause == relation.cause and _overlap(r.effect, relation.effect)
                   for r in kept):
            kept.append(relation)
    return kept


def _first(items: Iterator[Relation | None]) -> Relation | None:
    return next((item for item in items if item is not None), None)


def _read(entry: Signal, span: SpacySpan, sent: SpacySpan) -> Relation | None:
    frame = FRAMES[entry.frame]
    roles = frame(span, sent)
    if roles is None:
        return None
    cause, effect, *wider = roles
    signal = wider[0] if wider else (span.start, span.end)
    cause, effect = _with_signal(entry, span, cause, effect)
    if cause is None or effect is None or _overlap(cause, effect) \
            or _overlap(cause, signal) and entry.in_span != "cause" \
            or _overlap(effect, signal) and entry.in_span != "effect":
        return None
    return Relation(cause=cause, effect=effect, signal=signal, frame=entry.frame,
                    strong=entry.strong, words=entry.words, reportable=entry.reportable)


def _with_signal(entry: Signal, span: SpacySpan, cause, effect):
    """Grow the argument that owns the signal words (CNC marks "to" inside the purpose)."""
    if entry.in_span == "cause" and cause is not None:
        cause = (min(cause[0], span.start), max(cause[1], span.end))
    elif entry.in_span == "effect" and effect is not None:
        effect = (min(effect[0], span.start), max(effect[1], span.end))
    return cause, effect


def _overlap(a: TokenRange, b: TokenRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- reading cause and effect off the parse ------------------------------------------------

# (cause, effect) or (cause, effect, signal) when the frame widens the signal words
Roles = tuple[TokenRange | None, ...] | None


def _ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _block(keep: set[int], anchor: Token, sent: SpacySpan) -> TokenRange | None:
    """The run of kept tokens around `anchor`, inside the sentence, trimmed of punctuation
    and of dangling conjunctions at its edges."""
    doc = sent.doc
    keep = {i for i in keep if sent.start <= i < sent.end}
    if anchor.i not in keep:
        return None
    lo = hi = anchor.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    while lo < hi and _edge(doc[lo]):
        lo += 1
    while hi > lo and _edge(doc[hi]) and not _closes_quote(doc, lo, hi):
        hi -= 1
    return (lo, hi + 1) if not _edge(doc[lo]) else None


def _closes_quote(doc: Doc, lo: int, hi: int) -> bool:
    """A closing quotation mark whose opening one is inside the span stays with it."""
    return doc[hi].is_quote and doc[hi].is_right_punct and \
        any(t.is_quote and t.is_left_punct for t in doc[lo:hi])


def _edge(token: Token) -> bool:
    return token.is_punct or token.is_space or token.dep_ in ("cc", "mark") \
        or token.lower_ in _EDGE_WORDS


def _clause_without(head: Token, removed: set[int], sent: SpacySpan) -> TokenRange | None:
    """The clause (or phrase) of `head` minus the removed tokens and fronted adverbials; for
    a verb in a coordination, the whole coordination ("marched and burnt tyres")."""
    while head.dep_ == "conj" and head.pos_ in ("VERB", "AUX") \
            and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    keep = _ids(head) - removed
    if head.pos_ in ("NOUN", "PROPN", "PRON"):
        keep = _without_afterthoughts(head, keep)
    for child in head.lefts:
        if child.dep_ in ("prep", "npadvmod", "advmod", "advcl") and _comma_after(child):
            keep -= _ids(child)
    return _block(keep, head, sent)


def _comma_after(token: Token) -> bool:
    right = token.right_edge.i + 1
    return right < len(token.doc) and token.doc[right].text == ","


def _outside_head(span: SpacySpan) -> Token:
    """The token the signal hangs from: the head of its first word that leaves the span."""
    for token in span:
        if not (span.start <= token.head.i < span.end):
            return token.head
    return span.root.head


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited through conjunctions and relative pronouns."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _phrase(token: Token, sent: SpacySpan) -> TokenRange | None:
    """A noun phrase without what follows it after a comma ("X in 2014, following Y")."""
    found = _block(_without_afterthoughts(token, _ids(token)), token, sent)
    if found and found[1] - found[0] == 1 and token.lower_ in _DEICTIC:
        # "this [Ukraine joining NATO]": keep the editor's insertion that says what "this" is
        found = (found[0], _past_insertion(token.doc, found[1]))
    return found


def _without_afterthoughts(token: Token, keep: set[int]) -> set[int]:
    for inner in token.subtree:
        if inner.i > token.i and inner.dep_ in _AFTERTHOUGHTS \
                and token.doc[inner.i - 1].text == ",":
            keep = keep - _ids(inner)
    return keep


_AFTERTHOUGHTS = {"prep", "acl", "advcl", "appos", "relcl", "amod"}
_DEICTIC = {"this", "that", "it", "these", "those", "they", "he", "she"}


def _object_of(tokens: Iterable[Token]) -> Token | None:
    """The first object of the tokens that is not itself one of them ("due" -> "to" -> X)."""
    tokens = list(tokens)
    inside = {t.i for t in tokens}
    return next((c for t in tokens for c in t.children
                 if c.dep_ in _OBJECTS and c.i not in inside), None)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def clause_cause(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Y because X": the subordinate clause is the cause, the clause it modifies the effect."""
    mark = next((t for t in span if t.dep_ == "mark"), None)
    if mark is None or mark.head.i in range(span.start, span.end):
        return None
    clause = mark.head
    if clause.dep_ not in ("advcl", "acl", "relcl") or clause.head == clause:
        return None
    signal = set(range(span.start, span.end))
    cause = _block(_ids(clause) - signal, clause, sent)
    effect = _clause_without(clause.head, _ids(clause) | signal, sent)
    return cause, effect


def prep_cause(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Y due to X", "Y in response to X": the object is the cause."""
    if span[0].dep_ in ("mark", "agent"):  # an agent belongs to its passive verb's frame
        return None
    cause_head = _object_of(reversed(span))
    if cause_head is None or cause_head.i in range(span.start, span.end):
        return None
    strong = _strong(span)
    if not strong and _a_time(cause_head):  # "for the second day", "after four hours"
        return None
    attach = _outside_head(span)
    if attach.pos_ not in ("VERB", "AUX") and not strong:
        return None
    phrase = set().union(*(_ids(t) for t in span))
    cause = _phrase(cause_head, sent)
    if attach.lemma_ == "be":
        subject = _subject(attach)
        return cause, (_phrase(subject, sent) if subject is not None else None)
    return cause, _clause_without(attach, phrase, sent)


def _a_time(token: Token) -> bool:
    return token.lemma_.lower() in frame_words()["time"] or token.ent_type_ in ("DATE", "TIME")


def _strong(span: SpacySpan) -> bool:
    return any(entry.strong for entry in signals().get(span.text.lower(), ()))


def link_effect(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "X, thereby Y", "X, so Y", "X. Therefore Y": the clause of the signal is the effect."""
    carrier = _outside_head(span)
    if span[0].dep_ == "cc":
        carrier = next((c for c in carrier.children if c.dep_ == "conj" and c.i > span.end - 1),
                       None)
        if carrier is None:
            return None
    signal = set(range(span.start, span.end))
    effect = _block(_ids(carrier) - signal, carrier, sent)
    if carrier.dep_ in ("conj", "advcl", "xcomp", "ccomp"):
        return _clause_without(carrier.head, _ids(carrier), sent), effect
    if carrier.dep_ == "ROOT" and sent.start > 0:
        previous = sent.doc[sent.start - 1].sent
        return _block(set(range(previous.start, previous.end)), previous.root, previous), effect
    return None


def verb(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "X led to Y", "X sparked Y", "Y was triggered by X", "..., causing Y"."""
    head = span[0]
    if head.pos_ not in ("VERB", "AUX") or _negated(head):
        return None
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
        return _passive(head, sent)
    effect_head = _object_of([span[-1], head] if len(span) > 1 else [head])
    if effect_head is None:
        return None
    effect = _block(_ids(effect_head) - set(range(span.start, span.end)), effect_head, sent)
    subject = _subject(head)
    if subject is None and head.dep_ in ("advcl", "xcomp", "conj") and head.tag_ == "VBG":
        return _clause_without(head.head, _ids(head), sent), effect
    if subject is None:
        return None
    return _argument(subject, head, sent), effect


def _argument(subject: Token, verb_token: Token, sent: SpacySpan) -> TokenRange | None:
    """The subject's phrase; for a relative clause, its antecedent without the clause."""
    if subject == verb_token.head:
        return _block(_ids(subject) - _ids(verb_token), subject, sent)
    return _phrase(subject, sent)


def _passive(head: Token, sent: SpacySpan) -> Roles:
    agent = next((c for c in head.children if c.dep_ == "agent"), None)
    cause_head = _object_of([agent]) if agent is not None else None
    if cause_head is None:
        return None
    subject = _subject(head)
    if subject is None and head.dep_ == "acl":
        return _phrase(cause_head, sent), _block(_ids(head.head) - _ids(head), head.head, sent)
    if subject is None:
        return None
    return _phrase(cause_head, sent), _argument(subject, head, sent)


def verb_back(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Y stems from X", "Y was due to X", "Y is blamed on X": the subject is the effect."""
    head = span[0]
    if _negated(head):
        return None
    cause_head = _object_of([span[-1]]) if len(span) > 1 else _object_of([head])
    subject = _subject(head)
    if cause_head is None or subject is None:
        return None
    return _phrase(cause_head, sent), _argument(subject, head, sent)


def result_participle(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "X attacked the station, killing six": the participle clause is the effect."""
    head = span[0]
    if head.tag_ != "VBG" or head.dep_ not in ("advcl", "xcomp", "conj") or _subject(head):
        return None
    if head.dep_ == "conj" and head.head.tag_ == "VBG":
        return None  # "killing six and injuring ten": the first participle's claim holds both
    return (_clause_without(head.head, _ids(head), sent),
            _block(_ids(head) - {head.i}, _object_of([head]) or head, sent))


def motive(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Workers marched, demanding higher pay": the participle clause is the cause."""
    head = span[0]
    if head.dep_ not in ("advcl", "xcomp", "acl", "conj") or _subject(head) is not None:
        return None
    cause = _block(_ids(head) - {head.i}, _object_of([head]) or head, sent)
    return cause, _clause_without(_event_of(head.head), _ids(head), sent)


def _event_of(token: Token) -> Token:
    """The verb whose object a participle hangs from ("burnt tyres, demanding X" -> burnt)."""
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "pobj", "attr"):
        head = token.head.head if token.dep_ == "pobj" else token.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return token


def purpose(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "X marched to demand Y", "X, in order to Y": the goal is the cause (CNC's reading);
    "the annexation aimed to prevent Y": the verb of intent's subject is the effect."""
    to = span[-1]
    if to.lower_ != "to" or to.dep_ != "aux":
        return None
    goal = to.head
    signal = set(range(span.start, span.end))
    cause = _block(_ids(goal) - signal, goal, sent)
    if span[0].lemma_ in _INTENT_VERBS:
        return cause, _intent_effect(span[0], sent)
    if len(span) == 1 and goal.dep_ not in ("advcl",):
        return None
    governor = _outside_head(span) if len(span) > 1 else goal.head
    if governor == goal:
        governor = goal.head
    if governor == goal:
        return None
    removed = _ids(goal) | signal | (_ids(span[0]) if len(span) > 1 else set())
    return cause, _clause_without(governor, removed, sent)


_INTENT_VERBS = {"aim", "intend", "design", "mean", "seek", "try"}


def _intent_effect(verb_token: Token, sent: SpacySpan) -> TokenRange | None:
    subject = _subject(verb_token)
    if subject is not None and subject.lower_ not in ("they", "he", "she", "we", "i", "it"):
        return _phrase(subject, sent)
    if verb_token.dep_ in ("advcl", "xcomp", "conj", "acl") and verb_token.head != verb_token:
        return _clause_without(verb_token.head, _ids(verb_token), sent)
    return None


def noun_cause(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "X is the reason for Y", "one of the reasons for Y is X"."""
    roles = _noun_roles(span, sent)
    return None if roles is None else (roles[1], roles[0], roles[2])


def noun_effect(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Y was the result of X", "the outcome of X was Y"."""
    return _noun_roles(span, sent)


def _noun_roles(span: SpacySpan, sent: SpacySpan) -> Roles:
    """(what the noun's preposition names, what the copula pairs the noun with, signal);
    the signal grows to "one of the reasons for" when the noun sits in such a phrase."""
    noun, link = span[0], span[-1]
    inner_head = _object_of([link])
    if link.lower_ == "why" and link.head.i != noun.i:
        inner_head = link.head
    if inner_head is None:
        return None
    top = noun
    while top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.i != top.i:
        top = top.head.head
    other = _copula_partner(top) or _copula_after(top)
    if other is None:
        return None
    inner = _block(_ids(inner_head) - {link.i}, inner_head, sent)
    return inner, _phrase(other, other.sent), (min(top.i, span.start), span.end)


def _copula_after(top: Token) -> Token | None:
    """ "one of the reasons for Y [editor's note] is X", where the bracket broke the parse:
    the "is" right after the noun phrase (and any bracketed insertion) gives X."""
    doc = top.doc
    following = _past_insertion(doc, top.right_edge.i + 1)
    if following >= len(doc) or doc[following].lemma_ != "be" or _negated(doc[following]):
        return None
    return next((c for c in doc[following].children if c.dep_ in ("attr", "acomp")), None)


def _past_insertion(doc: Doc, i: int) -> int:
    """The index after an editorial insertion "[...]" starting at `i` (or `i` itself)."""
    if i < len(doc) and doc[i].text == "[":
        close = next((t.i for t in doc[i:i + _INSERTION_MAX] if t.text == "]"), None)
        if close is not None:
            return close + 1
    return i


_INSERTION_MAX = 16


def _copula_partner(top: Token) -> Token | None:
    """The other side of "A is B" for the noun phrase `top` (subject or attribute)."""
    verb_token = top.head
    if verb_token.lemma_ != "be" or _negated(verb_token):
        return None
    if top.dep_ in ("nsubj", "nsubjpass"):
        return next((c for c in verb_token.children if c.dep_ in ("attr", "acomp", "ccomp")),
                    None)
    if top.dep_ == "attr":
        return next((c for c in verb_token.children if c.dep_ in _SUBJECTS), None)
    return None


def not_causal(span: SpacySpan, sent: SpacySpan) -> Roles:
    """Phrases that contain a signal word but never signal a cause ("as for", "so far")."""
    return None


def harm_event(span: SpacySpan, sent: SpacySpan) -> Roles:
    """ "Six were killed in the attack", "hurt during the clashes": harm done in an event is
    the event's effect; the event (the object) is the cause."""
    preposition = span[0]
    attach = preposition.head
    words = frame_words()
    if preposition.dep_ != "prep" or attach.lemma_.lower() not in words["harm"]:
        return None
    event = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    if event is None or event.lemma_.lower() not in words["event"]:
        return None
    return _phrase(event, sent), _clause_without(attach, _ids(preposition), sent)


@functools.cache
def frame_words() -> dict[str, frozenset[str]]:
    """words.tsv: verbs of harm, nouns of events and of spans of time, by kind."""
    with (DATA / "words.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        pairs = [(row["kind"], row["word"]) for row in rows]
    return {kind: frozenset(w for k, w in pairs if k == kind)
            for kind in ("harm", "event", "time")}


FRAMES = {
    "none": not_causal,
    "clause_cause": clause_cause,
    "prep_cause": prep_cause,
    "link_effect": link_effect,
    "verb": verb,
    "verb_back": verb_back,
    "result_participle": result_participle,
    "motive": motive,
    "purpose": purpose,
    "noun_cause": noun_cause,
    "noun_effect": noun_effect,
    "harm_event": harm_event,
}
