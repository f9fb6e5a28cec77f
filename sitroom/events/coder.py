"""Dependency patterns over the spaCy parse that find who did what to whom.

`code_doc()` walks the parse once and returns `Candidate`s: a trigger (a verb with its
particle, or an event noun), a CAMEO code from the lexicon, the source and target noun
phrases, and flags for negation and hypotheticals. It handles the constructions event coders
get wrong: passives ("Kyiv was attacked by ..."), nominal events ("Russia's invasion of
Ukraine"), coordinated actors ("France and Germany condemned ..."), control and frame verbs
("refused to meet" is a rejection, "threatened to attack" a threat), relative clauses,
targets inside complements and light verbs' nouns ("agreed to send aid to Ukraine",
"imposed sanctions on Iran"), and pronouns whose antecedent the sentence itself names
("Syria says it will ..."). Resolving noun phrases to actors is left to the events stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.symbols import ADJ, AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from .lexicon import LIGHT, NO_EVENT, PREDICATE, Lexicon, NounEntry

SUBJECTS = {"nsubj", "csubj"}
OBJECTS = {"dobj", "obj"}
# Prepositions whose object is the target of the verb or event noun they attach to.
TARGET_PREPS = {"to", "against", "on", "upon", "with", "at", "toward", "towards", "into",
                "over", "for"}
VERB_TARGET_PREPS = TARGET_PREPS - {"for", "over"}
TOPIC_PREPS = {"on", "over", "about"}
MODALS = {"would", "could", "might", "may", "should", "can", "must", "ca"}
FUTURE = {"will", "shall", "'ll", "wo"}
CONDITIONAL = {"if", "unless"}
NEGATIONS = {"not", "n't", "never", "no"}
NEGATIVE_PRONOUNS = {"nobody", "nothing", "none", "noone", "no-one"}
FIRST_PERSON = {"we", "i", "us"}
ARTICLES = {"the", "a", "an"}
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
PLACES = {"GPE", "LOC", "FAC"}
POSSESSIVES = {"its", "their", "his", "her"}
NAMED = {"PERSON", "ORG", "GPE", "NORP"}
# Nouns for one person, so that "he" or "she" can refer to them.
PEOPLE = {"president", "minister", "premier", "leader", "chancellor", "king", "queen",
          "prince", "secretary", "general", "commander", "spokesman", "spokeswoman",
          "ambassador", "envoy", "official", "chief", "head", "governor", "mayor", "judge",
          "prosecutor", "emir", "sheikh", "monarch", "dictator", "lawmaker", "senator"}
# Nouns that count or group the actor named after them ("thousands of students").
QUANTITY_HEADS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million",
                  "millions", "ten", "tens", "score", "scores", "group", "number", "crowd",
                  "batch", "patch", "contingent", "handful"}
# Roots of events that coordinated actors do to each other ("X and Y agreed", "... clashed").
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
# Roots of events whose object is the source's own people: aid or forces sent or readied.
SENDING_ROOTS = {"07", "15"}
# Dependents that are not part of an actor's name: relative clauses, appositions, lists.
_NOT_IN_SPAN = frozenset({"relcl", "acl", "appos", "cc", "conj", "punct", "advcl",
                          "parataxis"})
# ... but a participle describing a thing may say where it is ("power lines leading into Kabul").
_NOT_IN_THING = _NOT_IN_SPAN - {"acl"}

ActorTest = Callable[[Token], bool]
_VERBISH, _NOUNS = (VERB, AUX, ADJ), (NOUN, PROPN)
_NOUN_POS = ("NOUN", "PROPN")


@dataclass
class Candidate:
    """One coded event before its actors are resolved."""

    trigger: Token
    trigger_end: int  # token index after the trigger phrase ("cut" .. "off")
    code: str
    sources: list[Span] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    nominal: bool = False
    content: Span | None = None  # what a statement says (its clausal complement)

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def is_statement(self) -> bool:
        return self.root == "01"

    @property
    def reciprocal(self) -> bool:
        """ "France and Germany signed a treaty": each is the other's target."""
        return not self.targets and len(self.sources) > 1 and self.root in RECIPROCAL_ROOTS


def code_doc(doc: Doc, lex: Lexicon, is_actor: ActorTest) -> list[Candidate]:
    coder = _Coder(doc, lex, is_actor)
    return coder.run()


class _Coder:
    def __init__(self, doc: Doc, lex: Lexicon, is_actor: ActorTest):
        self.doc, self.lex, self.is_actor = doc, lex, is_actor
        self.absorbed: set[int] = set()  # tokens already coded as part of another event

    def run(self) -> list[Candidate]:
        verb_tokens, noun_tokens = self._tokens()
        verbs = [c for c in map(self.verb, verb_tokens) if c is not None]
        verbs = [c for c in verbs if c.trigger.i not in self.absorbed]
        nouns = [c for c in map(self.noun, noun_tokens) if c is not None]
        found = sorted(verbs + nouns, key=lambda c: c.trigger.i)
        for cand in found:
            if cand.root == "14":
                self._protested(cand, found)
        return found

    def _protested(self, protest: Candidate, found: list[Candidate]) -> None:
        """ "demonstrated in Kirkuk calling for independence from Iraq", "continued their
        hunger strike to demand the resignation of President X": a protest is against whom
        the demand it is made for is addressed to, more than where it happens."""
        if protest.targets and self._actorish(protest.targets[0].root) \
                and protest.targets[0].root.ent_type_ not in PLACES:
            return
        heads = {protest.trigger.i, protest.trigger.head.i}
        for demand in found:
            if demand.root in ("02", "10") and demand.trigger.dep_ == "advcl" \
                    and demand.trigger.head.i in heads and demand.targets \
                    and self._actorish(demand.targets[0].root):
                protest.targets = demand.targets
                return

    def _tokens(self) -> tuple[list[Token], Iterator[Token]]:
        """Verbs of the lexicon (frame verbs first, so that the complements they absorb are
        known) and nouns that may be events, in one pass over the Doc."""
        lemmas, words = self.lex.verb_lemmas, self.lex.noun_words
        verbs, nouns, previous = [], [], ""
        for token in self.doc:
            pos, lemma = token.pos, token.lemma_.lower()
            if pos in _VERBISH and lemma in lemmas and _predicate(token):
                verbs.append(token)
            elif pos in _NOUNS and (lemma in words or token.lower_ in words
                                    or previous in words):  # "mediation effort"
                nouns.append(token)
            previous = lemma
        verbs.sort(key=lambda t: (not self._is_frame(t), t.i))
        return verbs, (t for t in nouns if t.i not in self.absorbed)

    def _is_frame(self, token: Token) -> bool:
        code = self.lex.verb(token.lemma_.lower(), _links(token))
        return bool(code) and code.startswith("@")

    # --- verbs -----------------------------------------------------------------------------

    def verb(self, token: Token) -> Candidate | None:
        code, obj_noun = self.verb_code(token)
        if code is None:
            return None
        end = max([token.i + 1] + [c.i + 1 for c in token.children if c.dep_ == "prt"])
        reported = self._reported_future(token)
        cand = Candidate(trigger=token, trigger_end=end, code=code, negated=_negated(token),
                         hypothetical=_hypothetical(token) and not reported)
        self.arguments(cand, token, obj_noun)
        if cand.negated and not cand.hypothetical and "03" <= cand.root <= "08":
            # "did not accept", "failed to reach agreement": CAMEO codes a cooperation that
            # is withheld as a rejection of it
            cand.code, cand.negated = self.lex.combine("refuse", cand.code), False
        if cand.is_statement:
            cand.content = _content(token)
        elif (_future(token) or reported) and not self._is_frame(token) \
                and not cand.hypothetical and token.dep_ != "xcomp":
            cand.code = self._future_code(cand.code)
        if obj_noun is not None:
            self.absorbed.add(obj_noun.i)
        return cand

    def verb_code(self, token: Token) -> tuple[str | None, Token | None]:
        lemma, links = token.lemma_.lower(), _links(token)
        obj = _object(token)
        keys = _object_keys(token, obj)
        code = self.lex.verb(lemma, links, keys, direct=_has_direct_object(token))
        if code is None:
            return None, None
        entry = self._noun_entry(obj) if obj is not None else None
        if code == LIGHT:
            obj = self._light_object(token) or obj
            entry = self._noun_entry(obj) if obj is not None else None
            return (entry.code, obj) if entry else (self.lex.verbs.get((lemma, "", "*")), None)
        if code.startswith("@"):
            code, obj = self.frame_code(token, code[1:], obj)
            return (None, None) if code == NO_EVENT else (code, obj)
        if code.startswith("01") and entry is not None and not entry.code.startswith("01"):
            return entry.code, obj  # "announced sanctions", "declared a ceasefire"
        if obj is not None and code != self.lex.verb(lemma, links):
            return code, obj  # the object picked the code ("lift sanctions"): absorb it
        return code, None

    def _light_object(self, token: Token) -> Token | None:
        """The event noun a light verb carries: its object, else the object of its
        preposition ("engaged in ethnic cleansing" is not about the engaged forces)."""
        nouns = [c for c in token.children if c.dep_ in OBJECTS]
        nouns += [p for c in token.children if c.dep_ == "prep"
                  for p in c.children if p.dep_ == "pobj"]
        return next((n for n in nouns if self._noun_entry(n) is not None), None)

    def frame_code(self, token: Token, frame: str,
                   obj: Token | None) -> tuple[str | None, Token | None]:
        """ "refused to meet", "threatened sanctions", "called for talks"."""
        complement = _complement(token)
        if complement is not None:
            inner, _ = self.verb_code(complement)
            self.absorbed.add(complement.i)
            return self.lex.combine(frame, inner), None
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is not None and frame in ("demand", "appeal"):
            inner, _ = self.verb_code(clause)  # "demanded that Turkey withdraw its troops"
            if inner is not None:
                return self.lex.combine(frame, inner), None
        for noun in (obj, obj and _pobj(obj, "of"), _pobj(token, "for")):
            entry = self._noun_entry(noun) if noun is not None else None
            if entry is not None:
                return self.lex.combine(frame, entry.code), noun
        if not _has_direct_object(token):
            return self.lex.bare(frame), None
        return self.lex.combine(frame, None), None

    def _reported_future(self, token: Token) -> bool:
        """ "Palestinian leaders said they would boycott ...": in reported speech "would" is
        the future of the report's time, not a hypothetical."""
        if not any(c.dep_ == "aux" and c.lower_ == "would" for c in token.children) \
                or token.dep_ != "ccomp" or any(c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in CONDITIONAL for m in c.children)
                    for c in token.children):
            return False
        code = self.lex.verb(token.head.lemma_.lower(), _links(token.head))
        return bool(code) and code.startswith("01")

    def _future_code(self, code: str) -> str:
        """ "X will meet Y" is an intent to meet; "X will attack Y" a threat (CAMEO's rule)."""
        root = int(code[:2])
        if 4 <= root <= 8:
            return self.lex.combine("intent", code)
        if root >= 14:
            return self.lex.combine("threaten", code)
        return code

    # --- arguments -------------------------------------------------------------------------

    def arguments(self, cand: Candidate, token: Token, obj_noun: Token | None = None) -> None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
        # "a roadside bombing near Samarra killed ...": where an event is, is not its name
        cand.sources = [_without_pps(s) if self._is_event_noun(s.root) else s
                        for s in phrases(self._subject(token, passive))]
        material = int(cand.root) >= 14
        target = self._addressee(token) if cand.is_statement else \
            self._target(token, passive, obj_noun, material=material)
        if not cand.is_statement:
            target = self._through_thing(target)
        cand.targets = [_without_pps(t) for t in phrases(target)]
        if not cand.targets and len(cand.sources) == 1 and cand.root in RECIPROCAL_ROOTS:
            cand.sources = sides(cand.sources[0])

    def _subject(self, token: Token, passive: bool) -> Token | None:
        if passive:
            return _agent(token)
        own = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if own is not None and own.tag_ not in ("WDT", "WP") and own.lower_ != "that":
            return own
        if token.dep_ == "acomp":  # "X is willing to ..."
            return self._subject(token.head, passive=False)
        if _misparsed_main_verb(token):
            return token.head  # "An official Syrian newspaper called on Arabs ..."
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in OBJECTS \
                and not self._actorish(token.head):
            # "the PKK issued a declaration demanding ...": who issued it
            return self._subject(token.head.head, passive=_is_passive(token.head.head))
        if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBG"):
            return token.head
        if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
            return self._subject(token.head, passive=_is_passive(token.head))
        if token.dep_ in ("xcomp", "advcl") and token.head.pos_ in ("VERB", "AUX"):
            head = token.head
            controller = _object(head) if self._object_control(head) else None
            return controller or self._subject(head, passive=_is_passive(head))
        return own

    def _object_control(self, token: Token) -> bool:
        code = self.lex.verb(token.lemma_.lower(), _links(token))
        return code in ("@appeal", "@demand")

    def _target(self, token: Token, passive: bool, obj_noun: Token | None = None,
                material: bool = False, depth: int = 0) -> Token | None:
        """Whom the event is done to: the passive subject, an actor after a target
        preposition or as indirect object, the direct object (or the actor it names or
        belongs to), else the target of a complement clause, else the place it happens in."""
        if passive:
            subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if subject is not None:
                return subject
        if token.dep_ == "acl" and token.tag_ == "VBN" and not _misparsed_main_verb(token):
            return token.head
        found = self._prep_target(token, material) or next(
            (c for c in token.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"),
            None)
        if found is not None:
            return found
        direct = next((c for c in token.children if c.dep_ in OBJECTS), None)
        if obj_noun is not None and obj_noun.dep_ == "pobj" and direct is not None:
            obj_noun = None  # "held civilians as human shields": the civilians are the target
        obj = obj_noun if obj_noun is not None else _object(token)
        if obj is not None and self._sends(token) and self._own_forces(obj):
            obj = None  # "refused to deploy peacekeepers in Iraq": the target is Iraq
        if obj is not None:
            found = self._object_target(obj, absorbed=obj_noun is not None, material=material)
        if found is None and depth < 3:
            found = self._clause_target(token, material, depth)
        found = found or _place(token, obj)
        return found if found is not None or depth else self._named_after(token)

    def _is_event_noun(self, token: Token) -> bool:
        """An event noun that does not also name people ("bombing", not "forces")."""
        return token.lemma_.lower() not in self.lex.agents and \
            self._noun_entry(token) is not None

    def _sends(self, token: Token) -> bool:
        """A verb that sends or readies forces (CAMEO 07 aid, 15 force posture)."""
        code = self.lex.verb(token.lemma_.lower(), _links(token),
                             _object_keys(token, _object(token))) or ""
        return code[:2] in SENDING_ROOTS

    def _own_forces(self, obj: Token) -> bool:
        """ "mobilized army reservists", "deploy peacekeepers": what is sent or readied,
        when no other actor owns it, is the sender's own, not whom the event is done to."""
        return obj.pos_ == "NOUN" and not obj.ent_type_ and not any(self.is_actor(c) or c.ent_type_ in NAMED for c in obj.children
                        if c.dep_ in ("amod", "compound", "poss"))

    def _named_after(self, token: Token) -> Token | None:
        """The first named actor after the trigger in its clause, when no construction
        names a target ("threatened to stop talks if the United States ...")."""
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        skip = {t.i for t in subject.subtree} if subject is not None else set()
        for t in token.subtree:
            if t.i > token.i and t.i not in skip and t.ent_type_ in NAMED \
                    and t.pos_ in ("PROPN", "ADJ") and self._actorish(t):
                while t.dep_ == "compound" and t.head.ent_type_ == t.ent_type_:
                    t = t.head
                people = t.dep_ in ("amod", "compound") and \
                    t.head.lemma_.lower() in self.lex.agents
                return t.head if people else t  # "Palestinian detainees"
        return None

    def _addressee(self, token: Token) -> Token | None:
        """ "told reporters", "said to Iran": whom a statement is made to, if an actor."""
        found = self._prep_target(token) or next(
            (c for c in token.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"),
            None)
        obj = _object(token)
        return found or (obj if obj is not None and self._actorish(obj) else None)

    def _prep_target(self, token: Token, material: bool = False) -> Token | None:
        """ "talks with Iran", "fired on protesters": in material events whatever is fired
        on or attacked is the target, actor or not."""
        for prep in token.children:
            if prep.dep_ in ("prep", "dative") and prep.lower_ in VERB_TARGET_PREPS \
                    and not _when(prep):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and (self._actorish(pobj) or material
                                         and pobj.pos_ in ("NOUN", "PROPN")):
                    return pobj
        return None

    def _object_target(self, obj: Token, absorbed: bool, material: bool) -> Token | None:
        """ "attacked Kyiv"; "imposed sanctions on Iran"; "condemned Russia's invasion" (the
        target is whoever did what is condemned); "seized Kurdish oil fields"; "demanded the
        removal of President X"; "attacked a military base" (a thing, in material events)."""
        entry = self._noun_entry(obj) if absorbed or not self._actorish(obj) else None
        if entry is None and _own(obj):
            return None  # "withdrew its troops": the source's own troops are not the target
        if entry is None and self._actorish(obj):
            return obj
        appos = next((c for c in obj.children if c.dep_ == "appos" and self._actorish(c)), None)
        if appos is not None:
            return appos  # "the opposition newspaper La Prensa"
        if entry is not None:
            # "imposed sanctions on Iran" (the noun's target); "rejected calls by Iran" (whoever
            # made what is rejected); "its demand that Israel ease ..." (who is to act)
            roles = ("target",) if absorbed else ("source", "target")
            for role in roles:
                found = self._noun_argument(obj, entry, role)
                if found is not None and role == "source" and found.pos_ == "PRON":
                    continue  # "reneged on his commitment": his own, not the target
                if found is not None and (role == "source" or self._actorish(found)
                                          or absorbed):
                    return found
            clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp")), None)
            subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None) \
                if clause is not None else None
            if subject is not None and self._actorish(subject):
                return subject
        found = self._inner_actor(obj)
        if not material or absorbed:
            return found
        if found is None or found.head == obj and found.dep_ in ("amod", "compound", "poss"):
            # "demolished Palestinian homes", "attacked a military base": the thing itself
            return obj if obj.ent_type_ not in NOT_ACTORS and obj.pos_ != "PRON" else found
        return found

    def _inner_actor(self, obj: Token, skip: frozenset[str] = _NOT_IN_SPAN) -> Token | None:
        """The first actor named inside a noun phrase, nearest its head first; an actor
        that modifies a noun of people ("Russian diplomats") stands for the whole phrase."""
        level = [c for c in obj.children if c.dep_ not in skip]
        for _ in range(4):
            found = next((t for t in level if t.pos_ != "PRON" and self._actorish(t)), None)
            if found is not None:
                head = found.head
                people = found.dep_ in ("amod", "compound", "poss") and \
                    (head.lemma_.lower() in self.lex.agents or head.ent_type_ in NAMED)
                return head if people else found
            level = [c for t in level for c in t.children if c.dep_ not in skip]
        return None

    def _through_thing(self, target: Token | None) -> Token | None:
        """ "fired at targets in Jericho", "attacked a camp for Congolese refugees", "power
        lines leading into Kabul": a thing a material event is done to stands for the actor or
        place named in a phrase attached to it ("Palestinian homes" stay whole)."""
        if target is None or target.pos_ != "NOUN" or target.ent_type_ \
                or self._actorish(target):
            return target
        inner = self._inner_actor(target, skip=_NOT_IN_THING)
        if inner is None or inner.head == target and inner.dep_ in ("amod", "compound", "poss"):
            return target
        return inner

    def _clause_target(self, token: Token, material: bool, depth: int) -> Token | None:
        """ "agreed to help Ukraine", "demanded that Iran release ...": the target of a
        frame verb is its complement's, or the subject of a clause it demands of someone."""
        complement = _complement(token) or _purpose(token)
        if complement is not None:
            return self._target(complement, _is_passive(complement), material=material,
                                depth=depth + 1)
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
        if subject is not None and subject.pos_ != "PRON":
            return subject
        return self._target(clause, _is_passive(clause), material=material, depth=depth + 1)

    def _owner(self, noun: Token) -> Token | None:
        """ "become a NATO member", "seized Kurdish oil fields": an actor inside the object."""
        for child in noun.children:
            if child.dep_ in ("compound", "poss", "amod") and child.i < noun.i \
                    and child.pos_ != "PRON" and self.is_actor(child):
                return child
        if noun.ent_type_ in NOT_ACTORS:
            return None
        return noun if noun.pos_ == "PROPN" or noun.ent_type_ else None

    def _actorish(self, token: Token) -> bool:
        if token.ent_type_ in NOT_ACTORS:
            return False
        if token.pos_ == "PRON":
            return token.lower_ not in ("it", "this", "that", "what", "which")
        if self.is_actor(token) or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.lex.agents

    # --- nominal events --------------------------------------------------------------------

    def noun(self, token: Token) -> Candidate | None:
        entry = self._noun_entry(token)
        if entry is None or not entry.alone:
            return None
        source = self._noun_argument(token, entry, "source")
        if source is None:
            return None  # "the war", "a threat to security": no one does anything here
        target = self._noun_argument(token, entry, "target")
        return Candidate(trigger=token, trigger_end=token.i + 1, code=entry.code,
                         sources=phrases(source), targets=phrases(target),
                         negated=any(c.lower_ == "no" for c in token.children),
                         hypothetical=_hypothetical(token.head) if token.dep_ in OBJECTS
                         else False, nominal=True)

    def _noun_argument(self, noun: Token, entry: NounEntry, role: str) -> Token | None:
        for child in noun.children:
            if child.dep_ == "poss" and entry.poss_role == role and self._actorish(child):
                return child
            if child.dep_ == "prep" and not _when(child):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and _prep_role(child.lower_, entry) == role \
                        and (role == "target" or self._actorish(pobj)):
                    return pobj
        if role == "source":
            return next((c for c in noun.children if c.dep_ in ("amod", "compound")
                         and c.i < noun.i and self.is_actor(c)), None)
        return None

    def _noun_entry(self, token: Token) -> NounEntry | None:
        nouns = self.lex.nouns
        compound = next((c for c in token.children if c.dep_ in ("compound", "amod")
                         and c.i == token.i - 1), None)
        if compound is not None:
            entry = nouns.get(f"{compound.lemma_.lower()} {token.lemma_.lower()}")
            if entry is not None:
                return entry
        if token.i >= 2 and token.nbor(-1).text == "-":  # "cease-fire", split by the tokenizer
            entry = nouns.get(f"{token.nbor(-2).lower_}-{token.lower_}")
            if entry is not None:
                return entry
        entry = nouns.get(token.lemma_.lower()) or nouns.get(token.lower_)
        if entry is None and compound is not None and compound.dep_ == "compound":
            entry = nouns.get(compound.lemma_.lower())  # "mediation effort", "aid deliveries"
        return entry


# --- small parse helpers ---------------------------------------------------------------------

def _predicate(token: Token) -> bool:
    """A verb that predicates, or an adjective that governs a clause ("willing to help"),
    but not a participle used as a modifier ("a planned visit", "alleged abuses")."""
    if token.pos_ in ("VERB", "AUX"):
        return token.dep_ not in ("amod", "compound")
    return token.pos_ == "ADJ" and any(c.dep_ == "xcomp" for c in token.children)


def _links(token: Token) -> tuple[str, ...]:
    # "called Biden on Tuesday" is no "call on": a time is no particle of the verb
    found = [c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent")
             and not _when(c)]
    found += [m.lower_ for c in token.children if c.dep_ == "advcl"  # "pushed for X to ..."
              for m in c.children if m.dep_ == "mark" and m.lower_ == "for"]
    return tuple(found)


def _object(token: Token) -> Token | None:
    obj = next((c for c in token.children if c.dep_ in OBJECTS), None)
    if obj is None and _is_passive(token):
        obj = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if obj is None:
        obj = next((c for c in token.children if c.dep_ == "attr"), None)
    if obj is None:  # "fire on", "call for talks": the object of the verb's own particle
        for prep in token.children:
            if prep.dep_ == "prep":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    break
    return obj


def _misparsed_main_verb(token: Token) -> bool:
    """A sentence whose root is a noun and whose only verb modifies it: the parser read
    "A newspaper called on Arabs" as "a newspaper (that was) called"."""
    return token.dep_ == "acl" and token.head.dep_ == "ROOT" and token.head.pos_ in _NOUN_POS \
        and not any(c.dep_ == "auxpass" for c in token.children)


def _has_direct_object(token: Token) -> bool:
    return any(c.dep_ in OBJECTS or c.dep_ == "nsubjpass" for c in token.children)


def _object_keys(token: Token, obj: Token | None) -> tuple[str, ...]:
    """What a verb row's object column may name: the object with its compound ("hunger
    strike"), the object alone, or a predicate adjective ("found X guilty")."""
    keys = []
    if obj is not None:
        lemma = obj.lemma_.lower()
        keys += [f"{c.lemma_.lower()} {lemma}" for c in obj.children
                 if c.dep_ in ("compound", "amod") and c.i == obj.i - 1]
        keys.append(lemma)
    predicates = [c.lemma_.lower() for c in token.children if c.dep_ in ("oprd", "acomp")]
    keys += predicates
    if any(c.dep_ == "oprd" and not _when(c) for c in token.children):
        keys.append(PREDICATE)  # "called it a historic day": naming, not phoning
    return tuple(keys)


def _pobj(token: Token, prep: str) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == prep:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _complement(token: Token) -> Token | None:
    """ "refused to meet": the clause a frame verb governs (the parser sometimes attaches
    it as an adverbial clause: "have sworn to fight")."""
    for child in token.children:
        if child.pos_ not in ("VERB", "AUX"):
            continue
        if child.dep_ == "xcomp" or child.dep_ == "advcl" and (
                child.i == token.i + 2 and child.nbor(-1).lower_ == "to"
                or any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children)):
            return child
    return None


def _purpose(token: Token) -> Token | None:
    """ "opened fire to disperse demonstrators": the clause that says what an act is for."""
    return next((c for c in token.children if c.dep_ == "advcl" and c.pos_ == "VERB"
                 and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)


def _own(noun: Token) -> bool:
    """ "its troops", "their forces": a noun possessed by a pronoun is its subject's own."""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in noun.children)


def _agent(token: Token) -> Token | None:
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _prep_role(prep: str, entry: NounEntry) -> str | None:
    if prep == "of":
        return entry.of_role
    if prep in ("by", "from"):
        return "source"
    if prep in TOPIC_PREPS and "03" <= entry.code[:2] <= "06":
        return None  # "an agreement on the fate of ...", "talks over the border": a topic
    return "target" if prep in TARGET_PREPS else None


def phrases(head: Token | None) -> list[Span]:
    """The noun phrases an argument head stands for: itself and its conjuncts, or what a
    pronoun refers to when its own sentence says ("Syria says it will ...")."""
    head = _actor_head(head)
    if head is not None and head.pos_ == "PRON":
        head = _antecedent(head) or head
    return [_np(t) for t in _with_conjuncts(head)]


def sides(span: Span) -> list[Span]:
    """ "Hungarian and Romanian officials agreed": the two actors that act on each other."""
    found = _coordinated_modifier(span.root)
    return [t.doc[t.i:t.i + 1] for t in found] if found else [span]


def _without_pps(span: Span) -> Span:
    """ "Albanian rebels in Macedonia", "a truce with Moslem forces in east Bosnia": a target
    phrase ends before the prepositions that say where or why (PLOVER's convention; an "of"
    stays: "the town of Cizre")."""
    head = span.root
    cut = [c.i for c in head.children
           if c.dep_ == "prep" and head.i < c.i < span.end and c.lower_ != "of"]
    return span.doc[span.start:min(cut)] if cut else span


def _coordinated_modifier(head: Token | None) -> list[Token]:
    if head is None:
        return []
    for child in head.children:
        if child.dep_ in ("amod", "compound") and child.i < head.i:
            conj = [c for c in child.children if c.dep_ == "conj"]
            if conj and child.ent_type_ in NAMED and all(c.ent_type_ in NAMED for c in conj):
                return [child, *conj]
    return []


def _antecedent(pronoun: Token) -> Token | None:
    """The subject of the clause that governs the pronoun's clause, if it agrees with it:
    "Palestinian leaders said they would ...", "Israel says its troops ..."."""
    word = pronoun.lower_
    clause = pronoun.head
    while clause.dep_ in ("poss", "pobj", "prep", "dobj", "nsubj", "nsubjpass") \
            and clause.head.i != clause.i:
        clause = clause.head
    own = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if word in POSSESSIVES and own is not None and own.pos_ != "PRON" \
            and not own.is_ancestor(pronoun):
        own = _actor_head(own)  # "the rebels continued their hunger strike"
        return own if _agrees(word, own) else None
    for _ in range(4):
        if clause.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "acomp") \
                or clause.head.i == clause.i:
            return None
        clause = clause.head
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ != "PRON":
            subject = _actor_head(subject)
            return subject if _agrees(word, subject) else None
    return None


def _agrees(word: str, noun: Token) -> bool:
    plural = noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children)
    if word in ("they", "them", "their", "themselves"):
        return plural or noun.ent_type_ in ("ORG", "NORP")
    person = noun.ent_type_ == "PERSON" or noun.lemma_.lower() in PEOPLE
    if word in ("he", "him", "his", "she", "her", "himself", "herself"):
        return person and not plural
    return word in ("it", "its", "itself") and not plural and not person


def _actor_head(token: Token | None) -> Token | None:
    """ "thousands of Iraqi Kurds", "a group of Moroccan diplomats": the actor is the noun
    after "of", not the quantity."""
    if token is None or token.lemma_.lower() not in QUANTITY_HEADS:
        return token
    of = _pobj(token, "of")
    return of if of is not None and of.pos_ in ("NOUN", "PROPN") else token


def _place(token: Token, obj: Token | None) -> Token | None:
    """ "demonstrated in Serbia", "imposed a curfew in Cizre": with no actor as target, the
    place named after "in" is what the event is done to."""
    for head in (token, obj):
        if head is None:
            continue
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "into", "inside", "from"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ in PLACES:
                    return pobj
    return None


def _with_conjuncts(token: Token | None) -> list[Token]:
    if token is None:
        return []
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            found.extend(_with_conjuncts(child))
    return found


def _np(token: Token) -> Span:
    """The noun phrase a head stands for, without clauses, lists or a leading article."""
    start, end = token.i, token.i + 1
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and child.i > token.i:
            end = max(end, _right_edge(child) + 1)  # "the Irish premier, Leo Varadkar"
            continue
        if child.dep_ in _NOT_IN_SPAN or _when(child) or _where(token, child):
            continue
        if child.i < start:
            start = child.left_edge.i
        else:
            end = max(end, _right_edge(child) + 1)
    counts = [c.right_edge.i + 1 for c in token.children
              if c.i < token.i and c.dep_ in ("nummod", "quantmod")]
    start = max([start] + counts)
    doc = token.doc
    while start < token.i and (doc[start].lower_ in ARTICLES or doc[start].is_punct
                               or _possessive(doc[start]) or _quantity(doc[start])
                               or _epithet(token, doc[start])):
        start += 1
    while end - 1 > token.i and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def _possessive(token: Token) -> bool:
    """ "its European Community partners": like an article, a possessive pronoun is no part
    of an actor's name (who it refers to is resolved from the phrase's head)."""
    return token.dep_ == "poss" and token.pos_ == "PRON"


def _right_edge(token: Token) -> int:
    right = token.i
    for child in token.children:
        if child.i > token.i and child.dep_ not in _NOT_IN_SPAN and not _when(child):
            right = max(right, _right_edge(child))
    return right


def _epithet(head: Token, token: Token) -> bool:
    """ "neighboring Lebanon", "war-torn Mozambique", "former president Carlos Menem": a
    lowercase description before a name is not part of it."""
    return head.ent_type_ in NAMED and token.is_lower and token.pos_ in ("ADJ", "VERB") \
        and not token.ent_type_


def _where(head: Token, child: Token) -> bool:
    """ "Leo Varadkar at Downing Street": where a named actor is, is not part of its name;
    nor who acts along with it ("Washington along with its allies")."""
    if child.dep_ != "prep":
        return False
    return child.lower_ == "along" or head.ent_type_ in NAMED and child.lower_ in ("at", "in", "on")


def _quantity(token: Token) -> bool:
    """ "more than 100", "some 800,000", "up to": a count before an actor is not its name."""
    if token.dep_ in ("nummod", "quantmod") or token.like_num:
        return True
    return token.dep_ in ("advmod", "amod", "det") and token.head.dep_ == "nummod" or \
        token.lower_ in ("some", "about", "around", "nearly", "almost", "over", "up")


def _when(token: Token) -> bool:
    """ "on Tuesday", "last month": a time attached to a noun phrase is not part of it."""
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None) \
        if token.dep_ == "prep" else None
    return pobj is not None and pobj.ent_type_ in ("DATE", "TIME")


def _aux(token: Token) -> list[Token]:
    found = [c for c in token.children if c.dep_ in ("aux", "auxpass", "neg")]
    if token.dep_ in ("xcomp", "conj") and token.head.pos_ in ("VERB", "AUX"):
        found += [c for c in token.head.children if c.dep_ in ("aux", "neg")]
    return found


def _negated(token: Token) -> bool:
    if token.dep_ == "xcomp" and token.head.lemma_ == "fail":
        return True
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in _aux(token)):
        return True
    # "threatened no one", "nobody attacked": a negative subject or object denies the event
    return any(_nobody(c) for c in token.children if c.dep_ in SUBJECTS | OBJECTS)


def _nobody(token: Token) -> bool:
    """ "no one", "nobody", "nothing", "none", "no country"."""
    return token.lower_ in NEGATIVE_PRONOUNS or \
        any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _hypothetical(token: Token) -> bool:
    if any(c.lower_ in MODALS for c in _aux(token)):
        return True
    clause = token
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL
                                          for c in clause.children)


def _future(token: Token) -> bool:
    return any(c.lower_ in FUTURE for c in _aux(token))


def _content(token: Token) -> Span | None:
    """What a statement verb says: its clausal complement, or what it calls what ("called
    Israel a terrorist state": the object and its predicate)."""
    clause = next((c for c in token.children if c.dep_ in ("ccomp", "parataxis")), None)
    if clause is not None:
        return token.doc[clause.left_edge.i:clause.right_edge.i + 1]
    predicate = next((c for c in token.children if c.dep_ == "oprd" and not _when(c)), None)
    obj = next((c for c in token.children if c.dep_ in OBJECTS), None)
    if predicate is None or obj is None:
        return None
    return token.doc[obj.left_edge.i:predicate.right_edge.i + 1]
