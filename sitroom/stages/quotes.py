"""Quotes and attribution: who said, believes, intends or found what, and who relayed it.

Passes over the parsed article, each linear in its tokens (they find their tokens by regex
over the text or by lemma hashes, not by visiting every token):

1. direct quotes: each quotation that reads as a statement looks for a verb of speaking in
   its frame, the words between it and the sentence edge ('"...," Putin said', 'He added:
   "..."'); a split quote meets its first half at the same cue, and a quotation with no cue
   of its own continues the attribution just before it (multi-paragraph quotes too);
2. cues of the lexicon (and the learned cue words of `cuemodel`) with their complement:
   indirect speech ("X warned that ..."), participles ("..., asserting that ..." takes
   the subject of the verb it hangs on), beliefs ("Moscow fears that ..."), intentions
   ("plans to ...") and findings ("a poll shows ..."); a quotation inside that content
   makes the attribution mixed; a parenthetical "X, he said, Y" takes both sides;
3. "according to <source>": the source of the clause, or the relay of a statement whose
   speaker is named already ("Putin said, according to TASS");
4. "Name: statement" lines and title-case headlines ("Carson Slams Hillary");
5. the cue model weighs every proposal and drops the unlikely ones;
6. relays and speakers: "told Reuters", "TASS reported" around another statement, and a
   bare "he" as speaker takes the speaker of the statement just before it when the kinds
   agree (the quote chain of "Putin said ... He added: ...").

Quotations too short to be statements and outside any attribution are scare quotes, not
quotes. Attributions inside a direct quote are not reported: the quote is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..context import Findings, findings
from ..records import Quote
from . import stage
from .cuemodel import CueModel, cue_model
from .cues import Cue, CueLexicon, lexicon
from .quotemarks import quotations

_SUBJECTS = ("nsubj", "csubj")
_CHAIN_PRONOUNS = {"he": "person", "she": "person", "it": "thing", "they": "any"}
_RELATIVE = {"who", "which", "that", "whom"}
_SENTENCE_END = {".", "!", "?"}
_FRAME_LIMIT = 40
_GAP_LIMIT = 15
_COLON_SPEAKER = 6
_TITLE_CHARS = 200
_LINE = re.compile(r"[^\n]+")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_ACCORDING = re.compile(r"\b[Aa]ccording(?= to\b)")
_COLON = re.compile(":")
# Spellings of a verb's forms, to find "Slams", "Dismissed", "Tweets" in a title.
_INFLECTIONS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""),
                ("ing", ""), ("ing", "e"), ("", ""))
# Dependents of a cue that frame a quote rather than carry its content.
_FRAME_DEPS = {"nsubj", "npadvmod", "advmod", "prep", "dative", "prt", "punct", "agent",
               "aux", "neg"}
_VERB_POS = ("VERB", "AUX")
_NOUN_POS = ("NOUN", "PROPN")
_ABOUT_PREPS = {"about", "on", "over", "of", "for"}
_WHEN = ("DATE", "TIME")  # "said on Monday" is not about Monday
_OBJECTS = ("dobj", "oprd", "dative")
_SPEAKER_CUT = {"relcl", "acl", "punct", "cc"}
# Arcs from a cue up to the verb whose subject is the cue's speaker.
_CLIMB = {"conj", "advcl", "xcomp", "ccomp", "acomp", "pcomp", "prep"}
_LIGHT_VERBS = {"have", "make", "express", "voice", "offer", "give", "issue", "release",
                "raise", "share", "hold", "launch", "renew", "reiterate", "repeat"}


@stage("quotes", needs=("mentions",), sets=("quotes",))
def quotes(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    drafts = _Finder(doc, found, lexicon(), cue_model()).run()
    found.quotes.extend(_record(found, d) for d in drafts)
    return doc


@dataclass(eq=False)
class _Draft:
    """An attribution while it is assembled; `cue` is a token span, contents token spans."""

    kind: str
    cue_type: str
    cue: Span
    # How the content was found: quote, clause, infinitive, object, about, preceding,
    # according, colon (a feature of the cue model).
    via: str
    contents: list[Span] = field(default_factory=list)
    speaker: Span | None = None
    speaker_actor: str | None = None
    relayed: Span | None = None
    relayed_actor: str | None = None

    @property
    def start(self) -> int:
        return min(s.start for s in [self.cue, *self.contents])

    def covers(self, token: Token) -> bool:
        return any(s.start <= token.i < s.end for s in self.contents)


class _Finder:
    """The attribution state of one article."""

    def __init__(self, doc: Doc, found: Findings, lex: CueLexicon, model: CueModel | None):
        self.doc, self.found, self.lex, self.model = doc, found, lex, model
        self.text = found.document.text  # the text `doc` was parsed from (doc.text is slow)
        self.quotations = quotations(self.text)
        self.raw_spans = [self.doc.char_span(q.start, q.end, alignment_mode="expand")
                          for q in self.quotations]
        self.quote_spans = [_content(span) for span in self.raw_spans]
        self.quote_at = self._index_quotes()
        self.statements: dict[int, bool] = {}
        # Token offsets and sentence starts as arrays: visiting tokens one by one (or
        # spaCy's token.sent) costs more than the rest of the stage.
        self.starts = doc.to_array("IDX").tolist()
        self.sentence_starts = [i for i, flag in enumerate(doc.to_array("SENT_START").tolist())
                                if flag == 1 or i == 0]
        self.by_cue: dict[int, _Draft] = {}
        self.drafts: list[_Draft] = []
        # Drafts by the start of their cue's sentence, in draft order; `_indexed` counts the
        # drafts filed so far (drafts are only appended while the passes run).
        self.by_sentence: dict[int, list[_Draft]] = {}
        self._indexed = 0

    def run(self) -> list[_Draft]:
        self.candidates()
        if self.model is not None:
            self.drafts = [d for d in self.drafts if self.model.keep.keeps(self.features(d))]
        self.drafts = [d for d in self.drafts if not self.inanimate_object_cue(d)]
        self.relays()
        self.drop_nested()
        self.drafts.sort(key=lambda d: d.start)
        self.chain_speakers()
        return self.drafts

    def candidates(self) -> list[_Draft]:
        """Every attribution the passes propose, before the model weighs them."""
        self.direct_quotes()
        self.indirect()
        self.according_to()
        self.colon_statements()
        self.headline_verbs()
        return self.drafts

    def inanimate_object_cue(self, draft: _Draft) -> bool:
        """ "Ukraine's alignment with NATO would challenge Russia's aspirations": a verb whose
        object would be the content says nothing when its subject is a thing, not an actor,
        and a modal makes it a consequence (on PolNeAR the modal-free rule cost recall)."""
        speaker, cue = draft.speaker, draft.cue.root
        if draft.via != "object" or speaker is None or speaker.root.pos_ != "NOUN" or \
                not any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
            return False
        root = speaker.root
        return root.ent_type_ == "" and root.i not in self.found.mention_at \
            and root.lemma_.lower() not in self.lex.people_nouns

    def features(self, draft: _Draft) -> list[str]:
        """What the cue model weighs: the cue word and its frame, how the content was
        found and what it looks like, and who the speaker is."""
        cue, via = draft.cue[0], draft.via
        lemma = f"{cue.lemma_.lower()}/{_pos(cue)}"
        content = draft.contents[0]
        words = sum(1 for c in draft.contents for t in c if t.is_alpha)
        speaker = _speaker_kind(draft.speaker)
        out = [f"via={via}", f"kind={draft.kind}", f"type={draft.cue_type}",
               f"lemma={lemma}", f"lemma+via={lemma}+{via}", f"tag={cue.tag_}",
               f"dep={cue.dep_}+{via}", f"speaker={speaker}+{via}",
               f"len={_bucket(words)}+{via}", f"first={_first(content)}+{via}",
               f"hand={self.lex.get(*lemma.split('/')) is not None}",
               f"head={cue.head.lemma_.lower()}" if cue.dep_ in ("xcomp", "ccomp") else "head=-",
               f"prev={self.doc[cue.i - 1].lower_ if cue.i else '-'}"]
        if any(c.dep_ == "neg" for c in cue.children):
            out.append("negated")
        if cue.i in self.quote_at:
            out.append("in-quote")
        if self.holds_quote(content) or via == "quote":
            out.append("quoted")
        if cue.is_title and cue.i > self.sentence(cue).start:
            out.append("title-case")
        return out

    # --- quotations -----------------------------------------------------------------------

    def _index_quotes(self) -> dict[int, int]:
        at: dict[int, int] = {}
        for n, span in enumerate(self.quote_spans):
            if span is not None:
                for i in range(span.start, span.end):
                    at[i] = n
        return at

    def statement(self, n: int) -> bool:
        """Whether quotation `n` reads as a statement rather than a scare quote or a title."""
        if n not in self.statements:
            span = self.quote_spans[n]
            words = sum(1 for t in span if t.is_alpha) if span is not None else 0
            has_verb = span is not None and any(t.pos_ in _VERB_POS and t.dep_ != "amod"
                                                for t in span)
            self.statements[n] = words >= 6 or (has_verb and words >= 2)
        return self.statements[n]

    def sentence(self, token: Token) -> Span:
        """`token.sent`, without spaCy's walk over the sentences before it."""
        n = bisect.bisect_right(self.sentence_starts, token.i)
        end = self.sentence_starts[n] if n < len(self.sentence_starts) else len(self.doc)
        return self.doc[self.sentence_starts[n - 1]:end]

    def tokens_matching(self, pattern: re.Pattern) -> list[Token]:
        """The tokens where `pattern` matches the text: a regex scan is much cheaper than
        visiting every token of a long article."""
        found = []
        for match in pattern.finditer(self.text):
            i = bisect.bisect_right(self.starts, match.start()) - 1
            if i >= 0 and self.starts[i] == match.start():
                found.append(self.doc[i])
        return found

    def cue_candidates(self) -> list[Token]:
        """Tokens whose lemma may be a cue (of the lexicon or the model)."""
        lemmas = self.lex.lemma_hashes | (self.model.lemma_hashes if self.model else set())
        return [self.doc[i] for i, h in enumerate(self.doc.to_array("LEMMA").tolist())
                if h in lemmas]

    # --- pass 1: direct quotes ------------------------------------------------------------

    def direct_quotes(self) -> None:
        previous: _Draft | None = None
        for n, span in enumerate(self.quote_spans):
            if span is None or not self.statement(n):
                continue
            cue = self.frame_cue(self.raw_spans[n])
            if cue is not None:
                previous = self.add_direct(cue, span)
                self.add_lead_in(previous, cue, self.raw_spans[n])
            elif previous is not None and self.runs_on(n, previous, span):
                previous.contents.append(span)
            else:
                previous = None

    def frame_cue(self, raw: Span) -> Token | None:
        """The verb of speaking in the frame of a quotation: after it when the quote ends
        in a comma ('"...," he said'), before it after a colon or comma ('He added: "..."')."""
        left, right = self.left_frame(raw), self.right_frame(raw)
        after_comma = raw[-1].text == "," or (right and right[0].text == ",")
        order = (right, left)
        if left and left[-1].text in (":", ",") and not after_comma:
            order = (left, right)
        for frame in order:
            cue = self.speech_verb(frame, nearest_last=frame is left)
            if cue is not None:
                return cue
        return self.colon_cue(left)

    def colon_cue(self, frame: list[Token]) -> Token | None:
        """The colon of "Kasich: ..." (a headline, a caption): a named speaker, a colon,
        and what they said."""
        if len(frame) < 2 or frame[-1].text != ":" or len(frame) > _COLON_SPEAKER + 1:
            return None
        words = frame[:-1]
        if any(t.pos_ in _VERB_POS for t in words) or not any(t.pos_ == "PROPN" for t in words):
            return None
        head = self.doc[words[0].i:words[-1].i + 1].root
        return frame[-1] if self.found.actor_of(head) is not None else None

    def left_frame_start(self, token: Token) -> int:
        i = token.i
        while i > 0 and not self.breaks_frame(self.doc[i - 1]) and \
                "\n" not in self.doc[i - 1].whitespace_ and self.doc[i - 1].text not in _SENTENCE_END:
            i -= 1
        return i

    def left_frame(self, raw: Span) -> list[Token]:
        """The words before a quotation back to the sentence or paragraph start."""
        tokens: list[Token] = []
        i = raw.start - 1
        while i >= 0 and _is_mark(self.doc[i]):
            i -= 1
        while i >= 0 and len(tokens) < _FRAME_LIMIT:
            token = self.doc[i]
            if self.breaks_frame(token) or "\n" in token.whitespace_ or \
                    token.text in _SENTENCE_END:
                break
            tokens.append(token)
            i -= 1
        return tokens[::-1]

    def right_frame(self, raw: Span) -> list[Token]:
        """The words after a quotation up to the sentence or paragraph end."""
        tokens: list[Token] = []
        i = raw.end
        while i < len(self.doc) and _is_mark(self.doc[i]):
            i += 1
        while i < len(self.doc) and len(tokens) < _FRAME_LIMIT:
            token = self.doc[i]
            if self.breaks_frame(token) or token.text in _SENTENCE_END:
                break
            tokens.append(token)
            if "\n" in token.whitespace_:
                break
            i += 1
        return tokens

    def breaks_frame(self, token: Token) -> bool:
        return token.i in self.quote_at or "\n" in token.text or _is_mark(token)

    def speech_verb(self, frame: list[Token], *, nearest_last: bool) -> Token | None:
        tokens = reversed(frame) if nearest_last else frame
        for token in tokens:
            cue = self.lex.get(token.lemma_.lower(), "verb")
            if cue is not None and token.pos_ in _VERB_POS and cue.cue_type == "speech":
                return token
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and \
                    self.doc[token.i + 1].lower_ == "to":
                return token
        return None

    def add_direct(self, cue: Token, span: Span) -> _Draft:
        draft = self.by_cue.get(cue.i)
        if draft is not None:
            draft.contents.append(span)
            return draft
        if cue.lower_ == "according":
            draft = self.new_draft("direct", "speech", self.doc[cue.i:cue.i + 2], "quote")
            draft.speaker = self.according_source(cue)
        elif cue.text == ":":
            draft = self.new_draft("direct", "speech", self.doc[cue.i:cue.i + 1], "quote")
            draft.speaker = _trim(self.doc[self.left_frame_start(cue):cue.i])
        else:
            entry = self.lex.get(cue.lemma_.lower(), "verb")
            draft = self.new_draft("direct", entry.cue_type, _cue_span(cue), "quote")
            draft.speaker = self.speaker(cue)
        draft.contents.append(span)
        return draft

    def add_lead_in(self, draft: _Draft, cue: Token, raw: Span) -> None:
        """Words between a cue and the quotation it introduces are part of what was said:
        'noted the change from the slogan, "Make America Great Again"' is a mixed quote."""
        before = self.doc[raw.start - 2] if raw.start >= 2 else None
        if not cue.i < raw.start or cue.text == ":" or draft.cue.start != cue.i or \
                (before is not None and before.text in (":", ",")):
            return
        skipped = {t.i for c in cue.rights if c.dep_ in _FRAME_DEPS for t in c.subtree}
        i = cue.i + 1
        while i < raw.start and (i in skipped or self.doc[i].is_punct):
            i += 1
        end = raw.start
        while end > i and (_is_mark(self.doc[end - 1]) or self.doc[end - 1].is_punct):
            end -= 1
        lead = _trim(self.doc[i:end])
        if lead is not None and any(t.is_alpha for t in lead) and \
                not any(s.start <= lead.start < s.end for s in draft.contents):
            draft.contents.append(lead)
            draft.kind = "mixed"

    def runs_on(self, n: int, previous: _Draft, span: Span) -> bool:
        """Whether quotation `n`, which has no cue, continues the attribution before it:
        the quotation before ran on over a paragraph break, or nothing but the rest of
        the previous cue's sentence lies between them."""
        if n > 0 and self.quotations[n - 1].continues:
            return True
        last = max(max(s.end for s in previous.contents), previous.cue.end)
        gap = [t for t in self.doc[last:span.start] if t.is_alpha and t.i not in self.quote_at]
        sentence = self.sentence(previous.cue[0]).start
        return len(gap) <= _GAP_LIMIT or all(self.sentence(t).start == sentence for t in gap)

    def new_draft(self, kind: str, cue_type: str, cue: Span, via: str) -> _Draft:
        draft = _Draft(kind=kind, cue_type=cue_type, cue=cue, via=via)
        self.by_cue[cue.start] = draft
        self.drafts.append(draft)
        return draft

    # --- pass 2: cues with a complement ---------------------------------------------------

    def indirect(self) -> None:
        for token in self.cue_candidates():
            if token.i in self.quote_at and self.statement(self.quote_at[token.i]):
                continue
            entry = self.entry(token)
            if entry is None:
                continue
            found = self.complement(token, entry)
            if found is None:
                continue
            via, contents = found
            draft = self.by_cue.get(token.i)
            if draft is None:
                self.add_indirect(token, entry, contents, via)
                continue
            hand = self.lex.get(token.lemma_.lower(), _pos(token))
            if hand is None or via not in hand.takes:
                continue  # a learned complement must not stretch a quote into "on Monday"
            pieces = [p for c in contents for p in _minus(c, draft.contents)]
            if pieces:
                draft.contents.extend(pieces)
                draft.kind = "mixed"

    def entry(self, token: Token) -> Cue | None:
        """The cue a word is: the hand lexicon's entry and the model's learned one."""
        pos = "verb" if token.pos_ in _VERB_POS else "noun" if token.pos_ in _NOUN_POS else None
        if pos is None:
            return None
        key = (token.lemma_.lower(), pos)
        cue = self.lex.get(*key)
        return self.model.extend(cue, key) if self.model is not None else cue

    def add_indirect(self, token: Token, entry: Cue, contents: list[Span], via: str) -> None:
        speaker = self.speaker(token)
        subject = speaker.root.lower_ if speaker is not None else None
        kind = "mixed" if any(self.holds_quote(c) for c in contents) else "indirect"
        draft = self.new_draft(kind, self.lex.cue_type(entry, subject), _cue_span(token), via)
        draft.contents.extend(contents)
        draft.speaker = speaker

    def holds_quote(self, content: Span) -> bool:
        return any(i in self.quote_at for i in range(content.start, content.end))

    def complement(self, token: Token, entry: Cue) -> tuple[str, list[Span]] | None:
        """The content a cue takes (in pieces), and which kind of complement it is."""
        noun = token.pos_ in _NOUN_POS
        for kind in entry.takes:
            head = _COMPLEMENTS[kind](token, noun)
            if kind == "infinitive" and head is not None and _anonymity(head):
                return None
            if head is not None:
                span = _trim(self.extent(token, head))
                if span is not None and kind == "infinitive":
                    span = self.with_object(token, span)
                return (kind, [span]) if span is not None else None
        if entry.cue_type in ("speech", "finding") and "clause" in entry.takes and not noun:
            pieces = self.preceding_clause(token)  # "..., he said", "..., new figures show"
            return ("preceding", pieces) if pieces else None
        return None

    def with_object(self, cue: Token, span: Span) -> Span:
        """An infinitive's content starts at the cue's object, its subject: "urged
        Congress to act"."""
        obj = next((c for c in cue.rights if c.dep_ in _OBJECTS and c.i < span.start), None)
        return self.doc[obj.left_edge.i:span.end] if obj is not None else span

    def preceding_clause(self, cue: Token) -> list[Span]:
        """The content around a speech verb without quote marks: "The plan will fail, he
        said." (the clause is the verb's ccomp), "The economy is strong, the senator
        argued" (the verb hangs on the clause), and "In his state, Christie said, offenders
        are sent to treatment" (the clause goes on after the verb)."""
        clause = next((c for c in cue.lefts if c.dep_ == "ccomp"), None)
        if clause is not None:
            return [s for s in [_trim(_subtree(clause))] if s is not None]
        start, after = _inner_edges(cue)
        head = cue.head
        before_comma = start > 0 and self.doc[start - 1].text in (",", "\u201d", '"')
        own_subject = any(c.dep_ in _SUBJECTS for c in cue.children)
        if cue.dep_ not in ("parataxis", "ccomp", "advcl") or head.i == cue.i or \
                (head.i < cue.i and not before_comma) or (cue.dep_ == "advcl" and not own_subject):
            return []
        if head.i > cue.i and not (before_comma and after < len(self.doc) and
                                   self.doc[after].text == ","):
            return []
        pieces = [_trim(self.doc[head.left_edge.i:start])]
        if after < head.right_edge.i and self.doc[after].text == ",":
            pieces.append(_trim(self.doc[after:head.right_edge.i + 1]))
        return [p for p in pieces if p is not None and any(t.is_alpha for t in p)]

    def extent(self, cue: Token, head: Token) -> Span:
        """The content from its head on: the head's subtree, and the cue's later
        dependents too, since the parser often hangs the end of a long clause on the cue;
        but not a conjoined verb or a participle that makes an attribution of its own."""
        end = head.right_edge.i + 1
        for child in cue.rights:
            if child.i <= head.i or child.dep_ in ("punct", "cc"):
                continue
            if child.dep_ == "xcomp" and head.dep_ in _OBJECTS and _has_to(child):
                end = child.right_edge.i + 1  # "urged Congress to act"
                continue
            if child.dep_ in ("conj", "advcl", "parataxis", "xcomp") and \
                    (child.pos_ in _VERB_POS or self.entry(child) is not None):
                break
            end = child.right_edge.i + 1
        return self.doc[head.left_edge.i:_before_according(self.doc, head.i + 1, end)]

    # --- speakers -------------------------------------------------------------------------

    def speaker(self, cue: Token) -> Span | None:
        if cue.pos_ in _NOUN_POS:
            owner = next((c for c in cue.children if c.dep_ == "poss"), None)
            if owner is not None:
                return _noun_phrase(owner)
            verb = _holding_verb(cue)
            subject = _subject(verb) if verb is not None else None
        else:
            subject = _subject(cue)
            if subject is None or self.quoted_word(subject, cue):
                subject = self.fallback_subject(cue)
        if subject is None:
            return None
        if _relative(subject):
            return self.doc[subject.i:subject.i + 1]  # the mention is "who"; see actor()
        return _noun_phrase(subject)

    def quoted_word(self, subject: Token, cue: Token) -> bool:
        """Whether the parser took a word of the quotation for the subject of the verb that
        introduces it ('"Everything was fine," Broaddrick said')."""
        return subject.i in self.quote_at and cue.i not in self.quote_at

    def fallback_subject(self, cue: Token) -> Token | None:
        """When the parse gives a verb cue no subject (or one inside the quotation): the
        name between the quotation and the cue ('"...," Broaddrick said'), a name right
        after it ('"...," said Robin Maynard'), else, for a participle or infinitive, the
        subject of its sentence's main verb."""
        i = cue.i - 1
        while i >= 0 and i not in self.quote_at and not _is_mark(self.doc[i]) and \
                self.doc[i].text not in _SENTENCE_END and cue.i - i <= _COLON_SPEAKER:
            if self.doc[i].pos_ in ("PROPN", "PRON") and self.doc[i].dep_ != "poss":
                return self.doc[i]
            i -= 1
        after = self.doc[cue.i + 1] if cue.i + 1 < len(self.doc) else None
        if after is not None and after.pos_ == "PROPN" and after.i not in self.quote_at:
            return after.head if after.dep_ == "compound" else after
        if cue.tag_ not in ("VBG", "VB", "VBN"):
            return None
        root = self.sentence(cue).root
        return next((c for c in root.children if c.dep_ in _SUBJECTS and c.i < cue.i), None)

    # --- pass 3: according to -------------------------------------------------------------

    def according_to(self) -> None:
        for token in self.tokens_matching(_ACCORDING):
            if token.i + 1 >= len(self.doc) or token.i in self.by_cue:
                continue
            source = self.according_source(token)
            relayed = self.relayed_statement(token)
            if relayed is not None:
                relayed.relayed = source
            elif source is not None and not (token.i in self.quote_at):
                self.add_according(token, source)

    def according_source(self, token: Token) -> Span | None:
        to = self.doc[token.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        return _noun_phrase(obj) if obj is not None else None

    def relayed_statement(self, token: Token) -> _Draft | None:
        """The statement whose named speaker "according to" relays, if any: one whose cue is
        the phrase's head or the root of its sentence (both in the phrase's sentence)."""
        for draft in self.drafts_in(self.sentence(token).start):
            if draft.speaker is None or draft.cue.start <= token.i < draft.cue.end:
                continue
            if token.head.i == draft.cue.start or (
                    draft.cue[0].dep_ == "ROOT" and draft.cue_type == "speech" and
                    not draft.covers(token)):
                return draft
        return None

    def drafts_in(self, sentence_start: int) -> list[_Draft]:
        """The drafts whose cue starts in the sentence starting at `sentence_start`: a long
        article has thousands of drafts and of "according to" phrases."""
        for draft in self.drafts[self._indexed:]:
            start = self.sentence(draft.cue[0]).start
            self.by_sentence.setdefault(start, []).append(draft)
        self._indexed = len(self.drafts)
        return self.by_sentence.get(sentence_start, [])

    def add_according(self, token: Token, source: Span) -> None:
        sent = self.sentence(token)
        phrase = self.doc[token.i:source.end]
        pieces = [_trim(self.doc[sent.start:phrase.start]), _trim(self.doc[phrase.end:sent.end])]
        contents = [p for p in pieces if p is not None and any(t.is_alpha for t in p)]
        if not contents:
            return
        draft = self.new_draft("according_to", "speech", self.doc[token.i:token.i + 2],
                               "according")
        draft.contents.extend(contents)
        draft.speaker = source

    def colon_statements(self) -> None:
        """"Graham: Trump's rhetoric is destroying the party" with no quote marks."""
        for token in self.tokens_matching(_COLON):
            if token.text != ":" or token.i in self.quote_at or token.i in self.by_cue:
                continue
            start = self.left_frame_start(token)
            cue = self.colon_cue(list(self.doc[start:token.i + 1]))
            content = self.rest_of_line(token)
            if cue is None or content is None or self.holds_statement(content):
                continue
            draft = self.new_draft("indirect", "speech", self.doc[token.i:token.i + 1], "colon")
            draft.speaker = _trim(self.doc[start:token.i])
            draft.contents.append(content)

    def headline_verbs(self) -> None:
        """"Ben Carson Slams Hillary And The Media": in a title-case line the parser takes
        the verb for a name, so the cue is found by its spelling, the speaker is what
        precedes it and the content what follows."""
        for line in self.title_lines():
            for token in line[1:-1]:
                entry = self.title_cue(token)
                if entry is None or token.i in self.by_cue:
                    continue
                speaker = _trim(self.doc[line.start:token.i])
                content = _trim(self.doc[token.i + 1:line.end])
                if speaker is not None and content is not None and len(speaker) <= _COLON_SPEAKER:
                    kind = "mixed" if self.holds_quote(content) else "indirect"
                    draft = self.new_draft(kind, entry.cue_type, self.doc[token.i:token.i + 1],
                                           "headline")
                    draft.speaker, draft.contents = speaker, [content]
                break

    def title_lines(self) -> list[Span]:
        """Lines in title case: most longer words capitalised."""
        lines = []
        for match in _LINE.finditer(self.text):
            line = match.group().rstrip()
            words = _LONG_WORD.findall(line)
            if len(line) > _TITLE_CHARS or len(words) < 2 or \
                    sum(w[0].isupper() for w in words) < 0.8 * len(words):
                continue
            span = self.doc.char_span(match.start(), match.start() + len(line),
                                      alignment_mode="expand")
            if span is not None and len(span) > 2:
                lines.append(span)
        return lines

    def title_cue(self, token: Token) -> Cue | None:
        if not token.is_title or token.pos_ not in ("PROPN", "NOUN", "VERB"):
            return None
        word = token.lower_
        for suffix, ending in _INFLECTIONS:
            if word.endswith(suffix):
                cue = self.lex.get(word[:len(word) - len(suffix)] + ending, "verb")
                if cue is not None:
                    return cue
        return None

    def rest_of_line(self, token: Token) -> Span | None:
        end = token.i + 1
        while end < len(self.doc) and "\n" not in self.doc[end].text:
            end += 1
            if "\n" in self.doc[end - 1].whitespace_:
                break
        span = _trim(self.doc[token.i + 1:end])
        return span if span is not None and sum(t.is_alpha for t in span) >= 3 else None

    def holds_statement(self, span: Span) -> bool:
        return any(i in self.quote_at and self.statement(self.quote_at[i])
                   for i in range(span.start, span.end))

    # --- pass 4: relays and the quote chain -----------------------------------------------

    def relays(self) -> None:
        for draft in self.drafts:
            if draft.relayed is None:
                draft.relayed = self.told_medium(draft)
        reporters = [d for d in self.drafts if self.is_medium(d.speaker)]
        for outer in reporters:
            inner = [d for d in self.drafts if d is not outer and d.speaker is not None and
                     (outer.covers(d.cue[0]) or d.covers(outer.cue[0]))]
            frame = self.doc[min(outer.speaker.start, outer.cue.start):
                             max(outer.speaker.end, outer.cue.end)]
            for draft in inner:
                draft.relayed = draft.relayed or outer.speaker
                draft.contents = [p for c in draft.contents for p in _minus(c, [frame])
                                  ] or draft.contents
            if inner:
                self.drafts.remove(outer)

    def drop_nested(self) -> None:
        """Keep the outermost attribution: one whose cue lies in another's content is part
        of what that one reports (PolNeAR annotates attributions the same way)."""
        covering: dict[int, list[_Draft]] = {}
        for draft in self.drafts:
            for i in {i for span in draft.contents for i in range(span.start, span.end)}:
                covering.setdefault(i, []).append(draft)
        nested = {id(inner) for inner in self.drafts for outer in covering.get(inner.cue.start, ())
                  if outer is not inner and not inner.covers(outer.cue[0])}
        self.drafts = [d for d in self.drafts if id(d) not in nested]

    def told_medium(self, draft: _Draft) -> Span | None:
        """The medium a statement was given to: "told Reuters", "in an interview with CNN"."""
        if draft.kind == "according_to":
            return None
        for token in _near_objects(draft.cue.root, depth=4):
            if draft.covers(token):
                continue
            phrase = _noun_phrase(token)
            if self.is_medium(phrase):
                return phrase
        return None

    def is_medium(self, phrase: Span | None) -> bool:
        if phrase is None:
            return False
        actor = self.found.actors.get(self.found.actor_of(phrase) or "")
        if actor is not None and actor.sector == "MED":
            return True
        return any(t.lower_ in self.lex.media_nouns for t in phrase)

    def chain_speakers(self) -> None:
        """Resolve speakers to actors; a bare pronoun takes the speaker (when coreference
        left it unresolved) and the relay of the statement just before it when they agree."""
        previous: _Draft | None = None
        for draft in self.drafts:
            draft.speaker_actor = self.actor(draft.speaker)
            draft.relayed_actor = self.actor(draft.relayed) or (
                self.found.actor_of(draft.relayed) if draft.relayed is not None else None)
            same = previous is not None and draft.speaker_actor is not None and \
                draft.speaker_actor == previous.speaker_actor
            if previous is not None and (draft.speaker_actor is None or same) and \
                    self.chains(draft, previous):  # "He added": same speaker, same relay
                draft.speaker_actor = previous.speaker_actor
                draft.relayed = draft.relayed or previous.relayed
                draft.relayed_actor = draft.relayed_actor or previous.relayed_actor
            previous = draft

    def chains(self, draft: _Draft, previous: _Draft) -> bool:
        if draft.speaker is None or len(draft.speaker) != 1:
            return False
        wanted = _CHAIN_PRONOUNS.get(draft.speaker[0].lower_)
        actor = self.found.actors.get(previous.speaker_actor or "")
        if wanted is None or actor is None:
            return False
        return wanted == "any" or (wanted == "person") == (actor.kind == "person")

    def actor(self, span: Span | None) -> str | None:
        """The actor of a mention's head ("Many NATO members" is not NATO); a relative
        pronoun stands for the noun its clause modifies ("Flynn, who said ...")."""
        if span is None:
            return None
        if len(span) == 1 and _relative(span[0]):
            return self.found.actor_of(span[0].head.head)
        return self.found.actor_of(span.root)


# --- syntax helpers ---------------------------------------------------------------------

def _content(raw: Span | None) -> Span | None:
    """The tokens of a quotation, without the comma that closes a quoted clause."""
    if raw is not None and len(raw) > 1 and raw[-1].text == ",":
        return raw[:-1]
    return raw


def _pos(token: Token) -> str:
    return "verb" if token.pos_ in _VERB_POS else "noun" if token.pos_ in _NOUN_POS else "x"


def _speaker_kind(span: Span | None) -> str:
    if span is None:
        return "none"
    root = span.root
    if _relative(root):
        return "relative"
    return root.pos_ if root.pos_ in ("PRON", "PROPN", "NOUN") else "other"


def _bucket(words: int) -> str:
    return next(str(b) for b in (1, 2, 4, 8, 16, 32, 10**9) if words <= b)


_OPENERS = {"that", "to", "whether", "if", "how", "what", "why", "who", "when"}


def _first(content: Span) -> str:
    word = content[0].lower_
    return word if word in _OPENERS else content[0].pos_


def _cue_span(token: Token) -> Span:
    """The cue word with its particle ("pointed out")."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return token.doc[token.i:end]


def _relative(token: Token) -> bool:
    return token.lower_ in _RELATIVE and token.head.dep_ == "relcl"


def _subject(cue: Token) -> Token | None:
    """The subject of a cue, or of the verb a participle, conjunct or infinitive hangs on
    ("pivoted to arguing", "careful not to mention"); a participle or a relative clause
    without a subject of its own speaks for the noun it modifies ("a report saying")."""
    token = cue
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in token.children) or token.head.i == token.i:
            return None
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in _NOUN_POS and \
                (token.dep_ == "relcl" or token.tag_ == "VBG"):
            # "a report saying" speaks for the report; "..., praising X" after a comma
            # is the sentence subject's (the parser hangs it on the nearest noun)
            comma = token.i > 0 and token.doc[token.i - 1].text == ","
            return token.head if not comma or token.dep_ == "relcl" else None
        if token.dep_ not in _CLIMB or (token.dep_ == "ccomp" and token.tag_ != "VBG"):
            return None
        token = token.head
    return None


def _holding_verb(noun: Token) -> Token | None:
    """The verb whose subject owns a cue noun: "they have no plans to", "said in a
    statement", "made an attempt to"."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _LIGHT_VERBS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in _VERB_POS:
        return noun.head.head
    return None


def _noun_phrase(token: Token) -> Span:
    """The mention a subject token heads, without relative clauses or trailing commas."""
    doc = token.doc
    start, end = token.left_edge.i, token.i + 1
    while start < token.i and (_is_mark(doc[start]) or "\n" in doc[start].text_with_ws):
        start += 1
    for child in token.rights:
        if child.dep_ in _SPEAKER_CUT:
            break
        end = child.right_edge.i + 1
    return _trim(doc[start:end]) or doc[token.i:token.i + 1]


def _trim(span: Span) -> Span | None:
    """Drop leading and trailing punctuation and spaces (but keep closing quote marks)."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct and not _is_mark(doc[start])
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and not _is_mark(doc[end - 1])
                           or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _is_mark(token: Token) -> bool:
    return token.text in ('"', "\u201c", "\u201d", "''", "``", "\u201e", "\u00ab", "\u00bb")


def _clause(token: Token, noun: bool) -> Token | None:
    for child in token.rights:
        if child.dep_ == "ccomp" or (noun and child.dep_ in ("acl", "ccomp")
                                     and _has_mark(child, "that")):
            return child
    return None


def _before_according(doc: Doc, start: int, end: int) -> int:
    """Where content ends that closes with its own attribution: "..., according to TASS"
    names who relayed the statement; it is not part of what was said."""
    for i in range(start + 2, end - 1):
        if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to" and \
                doc[i].right_edge.i + 1 >= end:
            return i - 1 if doc[i - 1].text == "," else i
    return end


def _infinitive(token: Token, noun: bool) -> Token | None:
    deps = ("acl", "xcomp") if noun else ("xcomp",)
    for child in token.rights:
        if child.dep_ in deps and any(c.dep_ == "aux" and c.lower_ == "to"
                                      for c in child.lefts):
            return child
    return None


# "who asked not to be named / identified / quoted": a source's terms, not what they said.
_ANONYMITY = {"name", "identify", "quote"}


def _anonymity(verb: Token) -> bool:
    return verb.lemma_ in _ANONYMITY and any(c.dep_ == "auxpass" for c in verb.children)


def _object(token: Token, noun: bool) -> Token | None:
    if noun:
        return None
    return next((c for c in token.rights if c.dep_ in _OBJECTS), None)


def _about(token: Token, noun: bool) -> Token | None:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in _ABOUT_PREPS:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in _WHEN:
                return obj
    return None


_COMPLEMENTS = {"clause": _clause, "infinitive": _infinitive, "object": _object,
                "about": _about}


def _inner_edges(token: Token) -> tuple[int, int]:
    """`[start, end)` of a token's subtree without the punctuation at its edges."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    doc = token.doc
    while start < token.i and doc[start].is_punct:
        start += 1
    while end - 1 > token.i and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.lefts)


def _has_mark(token: Token, word: str) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == word for c in token.children)


def _minus(span: Span, others: list[Span]) -> list[Span]:
    """The parts of `span` outside `others` that hold a word."""
    pieces, start = [], span.start
    for other in sorted(others, key=lambda o: o.start):
        if other.end <= start or other.start >= span.end:
            continue
        pieces.append(span.doc[start:max(start, other.start - 1)])
        start = max(start, other.end + 1)
    pieces.append(span.doc[start:span.end])
    trimmed = [_trim(p) for p in pieces if len(p)]
    return [p for p in trimmed if p is not None and any(t.is_alpha for t in p)]


def _subtree(token: Token) -> Span:
    return token.doc[token.left_edge.i:token.right_edge.i + 1]


def _near_objects(cue: Token, depth: int):
    """Objects and prepositional objects within `depth` arcs below a cue."""
    frontier = [cue]
    for _ in range(depth):
        following = []
        for token in frontier:
            for child in token.children:
                if child.dep_ in ("dative", "dobj", "pobj"):
                    yield child
                if child.dep_ in ("prep", "dative", "dobj", "pobj"):
                    following.append(child)
        frontier = following


def _record(found: Findings, draft: _Draft) -> Quote:
    contents = tuple(found.span_of(s) for s in sorted(draft.contents, key=lambda s: s.start))
    parts = [draft.cue, *draft.contents] + ([draft.speaker] if draft.speaker else [])
    evidence = found.span(min(p.start_char for p in parts), max(p.end_char for p in parts))
    return Quote(doc_id=found.doc_id, id=found.next_id("q"), kind=draft.kind,
                 cue_type=draft.cue_type, evidence=evidence, content=contents,
                 speaker=found.span_of(draft.speaker) if draft.speaker else None,
                 speaker_actor=draft.speaker_actor, cue=found.span_of(draft.cue),
                 relayed_by=draft.relayed_actor,
                 relayed_span=found.span_of(draft.relayed) if draft.relayed else None)
