"""Learned scoring of coded events: what kind of event it is, and how sure we are.

    requires: ArticleAnalysis.events (from the coder), the spaCy Doc
    assigns:  Event.confidence, Event.coded_by (and a recoded code)

Two small models, trained by `python -m benchmarks.train_events` (card:
docs/models/event_models.md) and scored here without any numerical library:

1. `event_pentacode` — a multinomial logistic regression over the features of one event in
   its sentence (the trigger, its frame words, the coder's code, nearby words, the sentence's
   content words) that gives the probability of each CAMEO pentacode (0 statement, 1 verbal
   cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict). Trained on
   ConfliBERT's cameo_class train sentences.
2. `event_confidence` — a logistic regression over that probability for the coder's own
   pentacode and the features of the roles (how source and target were found, whether either
   is missing or unnamed), trained on the project's hand-checked news events to say whether
   the event is right: its pentacode, its source and its target as a careful reader codes
   them. Its output is the event's `confidence`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..attribution.linear import Features, load_model, load_softmax
from ..records import ArticleAnalysis, Event
from ..tokens import PerParse
from .codebook import lookup
from .lexicon import Lexicon
from .lexicon import load as load_lexicon
from .tree import Tree, root_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PENTA_MODEL = "event_pentacode"
CONFIDENCE_MODEL = "event_confidence"
CONTENT = ("NOUN", "VERB", "ADJ", "PROPN")
WINDOW = 3
SENTENCE_WEIGHT = 0.5  # sentence words count less than the event's own words
RECODE_MIN = 0.6  # the model's probability for another pentacode that recodes an event


def pentacode(event: Event) -> str:
    """The event's pentacode as a class name ("0" … "4"); "0" for a code outside CAMEO (an
    extra dictionary's own)."""
    return _pentacode(event.cameo)


@lru_cache(maxsize=1024)
def _pentacode(cameo: str) -> str:
    try:
        return str(lookup(cameo).pentacode)
    except (KeyError, ValueError):
        return "0"


def trigger_token(event: Event, doc: Doc) -> Token | None:
    return root_at(doc, event.trigger.start, event.trigger.end)


def _frame_words(token: Token) -> Iterable[str]:
    tree = Tree.of(token.doc)
    dep, lemma = tree.strings.dep, tree.strings.lemma
    for child in tree.kids(token.i):
        if dep[child] in ("dobj", "pobj", "attr", "xcomp", "ccomp", "prt", "dative", "oprd"):
            yield f"{dep[child]}:{lemma[child]}"
        elif dep[child] == "prep":
            yield f"prep:{lemma[child]}"
            for grandchild in tree.kids(child):
                if dep[grandchild] == "pobj":
                    yield f"pobj:{lemma[child]}:{lemma[grandchild]}"
        elif dep[child] in ("neg", "aux", "auxpass") and lemma[child] in (
                "not", "never", "will", "would", "could", "may", "might", "should", "must"):
            yield f"aux:{lemma[child]}"


def code_features(event: Event, doc: Doc) -> Features:
    """What the pentacode model reads of one event."""
    features: Features = {}
    code, root, penta = event.cameo, event.root, pentacode(event)
    token = trigger_token(event, doc)
    lemma = token.lemma_.lower() if token is not None else (event.trigger.text or "").lower()
    for name in (f"code:{code}", f"root:{root}", f"penta:{penta}", f"lemma:{lemma}",
                 f"lemma_root:{lemma}:{root}", f"mod:{event.modality}",
                 f"has_source:{event.source is not None}",
                 f"has_target:{event.target is not None}"):
        features[name] = 1.0
    if token is not None:
        tree = Tree.of(doc)
        s, i = tree.strings, token.i
        features[f"dep:{s.dep[i]}"] = 1.0
        features[f"pos:{s.pos[i]}"] = 1.0
        features[f"head:{s.lemma[s.head[i]]}"] = 1.0
        for frame_word in _frame_words(token):
            features[frame_word] = 1.0
        start, end = tree.sent_start[i], tree.sent_end[i]
        for near in range(max(start, i - WINDOW), min(end, i + WINDOW + 1)):
            if near != i and tree.alpha[near]:
                features[f"w:{s.lemma[near]}"] = 1.0
        for name in _sentence_words(doc, start, end):
            features.setdefault(name, SENTENCE_WEIGHT)
    return features


_SENTENCE_WORDS: PerParse[dict[int, list[str]]] = PerParse(lambda doc: {})


def _sentence_words(doc: Doc, start: int, end: int) -> list[str]:
    """The "s:" feature names of the content words of the sentence of tokens `start` to
    `end`, in order, made once per sentence of a parse (each event of the sentence reads
    them)."""
    known = _SENTENCE_WORDS(doc)
    names = known.get(start)
    if names is None:
        tree = Tree.of(doc)
        pos, lemma, alpha = tree.strings.pos, tree.strings.lemma, tree.alpha
        names = known[start] = [f"s:{lemma[i]}" for i in range(start, end)
                                if pos[i] in CONTENT and alpha[i]]
    return names


def sentence_features(doc: Doc) -> Features:
    """The features of a sentence in which the coder found no event."""
    features: Features = {"noevent": 1.0}
    for word in doc:
        if word.pos_ in CONTENT and word.is_alpha:
            features[f"s:{word.lemma_.lower()}"] = SENTENCE_WEIGHT
    return features


def _role_name(event: Event, which: str) -> str:
    actor = getattr(event, which)
    if actor is None:
        return "none"
    code = getattr(event, f"{which}_code") or actor
    return "state" if len(code) == 3 else ("sector" if len(code) == 6 and code.isupper()
                                           else "other")


def _role_dep(span_start: int | None, doc: Doc, trigger: Token | None) -> str:
    if span_start is None or trigger is None:
        return "none"
    tree = Tree.of(doc)
    span = tree.char_span(span_start, span_start + 1)  # one token at most
    if not span:
        return "none"
    dep, head = tree.strings.dep, tree.strings.head
    word = span.start
    path = []
    for _ in range(4):
        path.append(dep[word])
        # (`word.head is word` only for a word with no head at all: no label, no arc)
        if (head[word] == word and not dep[word]) or head[word] == trigger.i:
            break
        word = head[word]
    side = "before" if word < trigger.i else "after"
    return f"{side}:{'/'.join(path[-2:])}"


def confidence_features(event: Event, doc: Doc, p_code: float) -> Features:
    """What the confidence model reads: the pentacode model's belief in the coder's code and
    how the roles were found."""
    token = trigger_token(event, doc)
    logit = math.log(max(p_code, 1e-4) / max(1 - p_code, 1e-4))
    features: Features = {"p_code": p_code, "logit_code": logit,
                          f"penta:{pentacode(event)}": 1.0, f"mod:{event.modality}": 1.0,
                          f"source:{_role_name(event, 'source')}": 1.0,
                          f"target:{_role_name(event, 'target')}": 1.0}
    source_start = event.source_span.start if event.source_span else None
    target_start = event.target_span.start if event.target_span else None
    features[f"source_dep:{_role_dep(source_start, doc, token)}"] = 1.0
    features[f"target_dep:{_role_dep(target_start, doc, token)}"] = 1.0
    tree = Tree.of(doc)
    s = tree.strings
    if token is not None:
        features[f"trigger_pos:{s.pos[token.i]}"] = 1.0
        if any(s.dep[c] in ("auxpass", "nsubjpass") for c in tree.kids(token.i)):
            features["passive"] = 1.0
        if s.dep[token.i] == "relcl":
            features["relative_clause"] = 1.0
    if event.attributed_to:
        features["attributed"] = 1.0
    features[f"root:{event.root}"] = 1.0
    features[f"source_kind:{_actor_kind(event.source)}"] = 1.0
    features[f"target_kind:{_actor_kind(event.target)}"] = 1.0
    if token is not None:
        features[f"lemma:{s.lemma[token.i]}"] = 1.0
        start, end = tree.sent_start[token.i], tree.sent_end[token.i]
        if not any(t.is_punct and t.text in ".?!:\"”’'" for t in doc[max(start, end - 2):end]):
            features["headline_like"] = 1.0  # a title, a caption or a run-on fragment
    return features


def _actor_kind(actor: str | None) -> str:
    """How the actor was named: a code (state, sector), a person or organisation id, an
    unnamed source ("unnamed:officials") or an unknown name."""
    if actor is None:
        return "none"
    if actor.startswith(("unnamed:", "unknown:")):
        return actor.split(":", 1)[0]
    return "code" if actor.isupper() else "named"


def recoded(event: Event, probabilities: dict[str, float], doc: Doc,
            lexicon: Lexicon | None = None) -> Event:
    """The event with the code the pentacode model prefers, when it is sure of another
    pentacode than the coder's (≥ RECODE_MIN) and the lexicon has a code of that pentacode
    for the same trigger word (the least specific one): "hit" coded 193 in a sentence the
    model reads as verbal conflict becomes … whatever "hit" means there in our lexicon.
    Otherwise the event as coded (its confidence will say how much to trust it)."""
    best = max(probabilities, key=probabilities.__getitem__)
    if best == pentacode(event) or probabilities[best] < RECODE_MIN:
        return event
    token = trigger_token(event, doc)
    if token is None:
        return event
    lexicon = lexicon or load_lexicon()
    table = lexicon.verbs if token.pos_ in ("VERB", "AUX") else lexicon.nouns
    candidates = [p for p in table.get(token.lemma_.lower(), ())
                  if p.code[:2].isdigit() and str(lookup(p.code.split(":")[0]).pentacode) == best]
    if not candidates:
        return event
    pattern = min(candidates, key=lambda p: (p.specificity, p.order))
    code = lookup(pattern.code.split(":")[0])
    return replace(event, cameo=code.code, root=code.root, plover=code.plover,
                   goldstein=code.goldstein, quad_class=code.quad_class, name=code.name,
                   coded_by="model")


def score_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage (after the coder): the code of the pentacode the model is sure of where
    the coder's disagrees, then every event's calibrated `confidence`."""
    if not analysis.events:
        return analysis
    penta_model, confidence_model = load_softmax(PENTA_MODEL), load_model(CONFIDENCE_MODEL)
    scored = []
    for event in analysis.events:
        probabilities = penta_model.probabilities(code_features(event, doc))
        event = recoded(event, probabilities, doc)
        p_code = probabilities.get(pentacode(event), 0.0)
        confidence = confidence_model.probability(confidence_features(event, doc, p_code))
        scored.append(replace(event, confidence=round(confidence, 3)))
    return replace(analysis, events=tuple(scored))


__all__ = ["code_features", "confidence_features", "pentacode", "score_events",
           "sentence_features"]
