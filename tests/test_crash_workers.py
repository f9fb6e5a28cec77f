"""One article never costs the batch: a stage that runs too long is stopped at
`max_seconds`, and a document that kills its worker process is rejected while the rest of its
batch is analysed again. The stand-in stages below run on a blank spaCy pipeline (no model),
and reach the forked workers because they are put into `pipeline.STAGES` before the fork."""

from __future__ import annotations

import faulthandler
import os
import signal
import time

import pytest

from sitroom import pipeline as pipeline_module
from sitroom.limits import time_limit
from sitroom.errors import TimeLimitExceeded
from sitroom.options import Options
from sitroom.pipeline import Pipeline
from sitroom.stages import Stage

TEXTS = [f"Report {i}: the minister said the talks in Geneva would go on." for i in range(12)]


def _mark(doc, ctx):
    doc._.sitroom.problems  # the Findings are attached while the stages run
    return doc


def _slow(doc, ctx):
    if "SLOW" in doc.text:
        try:  # a stage that catches errors broadly swallows the first alarm...
            while True:
                time.sleep(0.05)
        except Exception:
            pass
        while True:  # ...and is stopped by the next one
            time.sleep(0.05)
    return doc


def _fatal(doc, ctx):
    if "KILL" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    if "SEGV" in doc.text:
        faulthandler.disable()  # no traceback dump from the dying worker in the test log
        os.kill(os.getpid(), signal.SIGSEGV)
    return doc


@pytest.fixture
def stand_in_stages(monkeypatch):
    stages = tuple(Stage(name=f.__name__.strip("_"), func=f, needs=(), sets=())
                   for f in (_mark, _slow, _fatal))
    monkeypatch.setattr(pipeline_module, "STAGES", stages)
    return Options(model="blank:en", batch_size=4, max_seconds=1)


def test_limits_time_limit_fires_and_clears():
    with pytest.raises(TimeLimitExceeded, match="took longer than 0.2 s"):
        with time_limit(0.2, "the test"):
            time.sleep(5)
    with time_limit(0.2, "the test"):
        pass
    time.sleep(0.4)  # the timer is off once the block is left


def test_pipeline_stage_over_max_seconds_is_rejected_and_batch_goes_on(stand_in_stages):
    pipeline = Pipeline(stand_in_stages)
    texts = TEXTS[:3] + ["SLOW " + TEXTS[3]] + TEXTS[4:6]
    started = time.monotonic()
    results = list(pipeline.pipe(texts))
    assert time.monotonic() - started < 10
    assert [r.ok for r in results] == [True, True, True, False, True, True]
    (problem,) = results[3].problems
    assert (problem.stage, problem.error, problem.fatal) == ("slow", "TimeLimitExceeded", True)
    assert "max_seconds" in problem.reason
    assert [r.document.text for r in results] == texts


def test_pipeline_no_time_limit_when_max_seconds_is_zero(stand_in_stages):
    pipeline = Pipeline(stand_in_stages.replace(max_seconds=0))
    assert pipeline.analyze(TEXTS[0]).ok


@pytest.mark.parametrize("poison", ["KILL", "SEGV"])
def test_pipeline_worker_death_rejects_one_document_not_the_batch(stand_in_stages, poison):
    texts = TEXTS[:5] + [f"{poison} {TEXTS[5]}"] + TEXTS[6:]
    results = list(Pipeline(stand_in_stages).pipe(texts, n_process=2))
    assert [r.document.text for r in results] == texts
    assert [r.ok for r in results] == [t != texts[5] for t in texts]
    (problem,) = results[5].problems
    assert (problem.stage, problem.error, problem.fatal) == ("worker", "WorkerCrashed", True)


def test_pipeline_two_poison_documents_in_one_run(stand_in_stages):
    texts = ["KILL " + TEXTS[0]] + TEXTS[1:9] + ["SEGV " + TEXTS[9]] + TEXTS[10:]
    results = list(Pipeline(stand_in_stages).pipe(texts, n_process=2))
    assert [r.ok for r in results] == [i not in (0, 9) for i in range(len(texts))]
