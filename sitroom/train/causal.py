"""Train the causal sentence model on the Causal News Corpus v2 train split.

    python -m sitroom.train.causal [CNC_FOLDER]

Writes sitroom/data/claims/sentence_model.json. The recipe (features, settings) is the one
`sitroom eval causal` cross-validates, so the shipped model is that recipe fitted on all of
CNC train. Deterministic: the same data and spaCy model give the same weights.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..eval import causal
from ..options import DEFAULT_MODEL
from ..pipeline import load_nlp
from ..stages import claims


def build(folder: Path | None = None, model: str = DEFAULT_MODEL) -> Path:
    folder = folder or causal.require(causal.DEFAULT_DIR)
    nlp = load_nlp(model)
    sentences = causal.read_cnc(folder)
    features = [claims.sentence_features(doc[:], causal.relations_of(doc))
                for doc in causal.parse_texts(nlp, [s.text for s in sentences])]
    fitted = causal.fit_sentence_model(features, [s.causal for s in sentences])
    path = claims.DATA / "sentence_model.json"
    fitted.save(path, trained_on="CNC v2 train_subtask1.csv",
                inputs_digest=causal.gate.digest(causal.input_paths(folder)),
                settings=causal.MODEL_SETTINGS, spacy_model=model,
                built_by="python -m sitroom.train.causal")
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
