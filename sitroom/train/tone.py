"""Train the actor tone model on NewsMTSC (train.jsonl).

    python -m sitroom.train.tone [NEWSMTSC_TRAIN_JSONL]

Writes sitroom/data/tone/actor_model.json: the recipe `sitroom eval tone` cross-validates,
fitted on all of NewsMTSC train. Deterministic for the same data and spaCy model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..eval import gate, tone as tone_eval
from ..options import DEFAULT_MODEL
from ..pipeline import load_nlp
from ..stages import tone


def build(path: Path | None = None, model: str = DEFAULT_MODEL) -> Path:
    path = path or tone_eval.require(tone_eval.DEFAULT_FILE)
    nlp = load_nlp(model)
    targets = tone_eval.read_newsmtsc(path)
    features, labels = [], []
    for target, span, valence in tone_eval.parsed_targets(nlp, targets):
        features.append(tone.actor_features(span, valence))
        labels.append(target.label)
    fitted = tone_eval.fit_actor_model(features, labels)
    out = tone.DATA / "actor_model.json"
    fitted.save(out, trained_on="NewsMTSC train.jsonl", inputs_digest=gate.digest([path]),
                settings=tone_eval.MODEL_SETTINGS, spacy_model=model,
                built_by="python -m sitroom.train.tone")
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
