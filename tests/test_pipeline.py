import pytest

import sitroom
from sitroom.errors import ConfigError, EmptyInput, ModelNotFound
from sitroom.options import Options
from sitroom.pipeline import Pipeline, parse_published
from sitroom.stages import Stage

pytestmark = pytest.mark.model

TEXTS = [
    "NATO Secretary General Jens Stoltenberg met Ukrainian officials in Brussels.",
    "",
    "Putin said Russia would respond. He added that talks were possible.",
]


def test_pipeline_analyze_returns_records_with_evidence(pipeline):
    result = pipeline.analyze(TEXTS[0], published="2023-07-13", url="https://example.org/a")
    assert result.ok and result.document.url == "https://example.org/a"
    assert result.document.published == "2023-07-13"
    for mention in result.mentions:
        assert result.document.text[mention.span.start:mention.span.end] == mention.span.text
    assert "person:jens-stoltenberg" in {a.id for a in result.actors}


def test_pipeline_analyze_rejects_empty_text(pipeline):
    with pytest.raises(EmptyInput):
        pipeline.analyze("   ")


def test_pipeline_pipe_keeps_order_and_records_bad_items(pipeline):
    results = list(pipeline.pipe(TEXTS))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].problems[0].error == "EmptyInput"
    assert results[2].document.text == TEXTS[2]


def test_pipeline_pipe_two_processes_equals_one(pipeline):
    items = [{"text": t, "published": "2023-07-13"} for t in TEXTS * 3]
    one = list(pipeline.pipe(items, n_process=1))
    two = list(Pipeline(Options(batch_size=2), nlp=pipeline.nlp).pipe(items, n_process=2))
    assert [r.as_dict() for r in one] == [r.as_dict() for r in two]


def test_pipeline_failing_stage_is_recorded_and_others_run(pipeline, monkeypatch):
    def explode(doc, ctx):
        raise RuntimeError("boom")

    broken = Pipeline(pipeline.options, nlp=pipeline.nlp)
    broken.stages = (Stage("broken", explode, (), ()), *pipeline.stages)
    result = broken.analyze(TEXTS[2])
    assert result.ok
    assert [(p.stage, p.error, p.reason) for p in result.problems] == \
        [("broken", "RuntimeError", "boom")]
    assert result.mentions


def test_pipeline_stage_must_return_doc(pipeline):
    lazy = Pipeline(pipeline.options, nlp=pipeline.nlp)
    lazy.stages = (Stage("lazy", lambda doc, ctx: None, (), ()),)
    result = lazy.analyze(TEXTS[0])
    assert "did not return the Doc" in result.problems[0].reason


def test_pipeline_unknown_stage_and_model_are_named_errors():
    with pytest.raises(ConfigError, match="unknown stage"):
        Pipeline(Options(stages=("nonsense",)), nlp=object())
    with pytest.raises(ModelNotFound, match="not installed"):
        Pipeline(Options(model="xx_no_such_model"))


def test_pipeline_parse_published_formats():
    assert parse_published("2023-07-13T10:00:00Z") == "2023-07-13"
    assert parse_published("13 July 2023") == "2023-07-13"
    with pytest.raises(sitroom.InputError):
        parse_published("not a date at all")


def test_pipeline_module_api_reuses_pipeline():
    first = sitroom.analyze(TEXTS[2])
    assert [r.ok for r in sitroom.pipe(TEXTS)] == [True, False, True]
    assert first.mentions[0].actor_id == "person:vladimir-putin"


def test_pipeline_line_breaks_end_sentences(pipeline):
    result = pipeline.analyze("Finland joins NATO as Russia warns\n\nBRUSSELS - Finland became "
                              "a member on Tuesday.", published="2023-04-06")
    assert result.document.title == "Finland joins NATO as Russia warns"
    doc = pipeline.nlp(result.document.text)
    assert [s.text.strip() for s in doc.sents][0] == "Finland joins NATO as Russia warns"
