"""Train the causal sentence model on the Causal News Corpus v2 train split.

    python -m sitroom.train.causal [CNC_FOLDER]

Writes sitroom/data/claims/sentence_model.json and relation_model.json. The recipes
(features, settings) are the ones `sitroom eval causal` cross-validates, so the shipped
models are those recipes fitted on all of CNC train. Deterministic: the same data and spaCy model give the same weights.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..eval import causal, gate
from ..options import DEFAULT_MODEL
from ..pipeline import load_nlp
from ..stages import claims


def build(folder: Path | None = None, model: str = DEFAULT_MODEL) -> list[Path]:
    folder = folder or causal.require(causal.DEFAULT_DIR)
    nlp = load_nlp(model)
    sentences = causal.read_cnc(folder)
    data = causal.collect(nlp, sentences)
    meta = {"inputs_digest": gate.digest(causal.input_paths(folder)), "spacy_model": model,
            "built_by": "python -m sitroom.train.causal"}
    sentence_model = causal.fit_sentence_model(data.sentence_inputs(),
                                               [s.causal for s in sentences], source=model)
    relation_model = causal.fit_relation_model([r.features for r in data.relations],
                                               [r.right for r in data.relations])
    paths = [claims.DATA / "sentence_model.json", claims.DATA / "relation_model.json"]
    sentence_model.save(paths[0], trained_on="CNC v2 train: is the sentence causal",
                        settings=causal.SENTENCE_SETTINGS, **meta)
    relation_model.save(paths[1], trained_on="CNC v2 train: does the relation found match a "
                                             "gold one", settings=causal.MODEL_SETTINGS, **meta)
    return paths


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
