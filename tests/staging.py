"""Run every stage on a text and keep the findings on the Doc, as a later stage sees them."""

from __future__ import annotations


def staged(pipeline, text: str, published: str | None = None):
    from sitroom.context import Findings
    from sitroom.pipeline import make_document

    document = make_document({"text": text, "published": published}, pipeline.options)
    doc = pipeline.nlp(document.text)
    doc._.sitroom = Findings(document=document)
    for stage in pipeline.stages:
        stage(doc, pipeline.context)
    return doc
