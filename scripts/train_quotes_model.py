"""Build sitroom/data/quotes/cue_model.json from PolNeAR train (needs scikit-learn).

Example:

    python scripts/train_quotes_model.py ../shared/data/quotes/polnear/data/train \
        --cache /tmp/polnear-train.spacy
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import click

from sitroom.eval import polnear
from sitroom.pipeline import Pipeline
from sitroom.stages.cuemodel import MODEL_FILE
from sitroom.train import quotes


@click.command()
@click.argument("train_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path),
              help="keep the parsed articles here (DocBin) and reuse them next time")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(str(resources.files("sitroom") / "data" / "quotes" / MODEL_FILE)))
@click.option("--min-count", default=quotes.Settings.min_count, show_default=True)
@click.option("--c", "c", default=quotes.Settings.c, show_default=True,
              help="inverse regularisation strength of the logistic regression")
def main(train_dir: Path, cache: Path | None, out: Path, min_count: int, c: float) -> None:
    """Train the quotes cue model on TRAIN_DIR and write it to --out."""
    pipeline = Pipeline()
    items = quotes.parse(train_dir, pipeline, cache)
    settings = quotes.Settings(min_count=min_count, c=c)
    model, report = quotes.train(items, settings, polnear.SpeechCueJudge(pipeline.nlp))
    out.write_text(json.dumps(model.as_dict(), indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    click.echo(json.dumps(report, indent=1))
    click.echo(f"{len(model.candidates)} learned cues, {len(model.keep.weights)} weights "
               f"-> {out}")


if __name__ == "__main__":
    main()
