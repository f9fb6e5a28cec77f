"""ingest(): triage, duplicates, rejects, reruns; with a stand-in pipeline, then the real one."""

from __future__ import annotations

import json
import os

import pytest

from sitroom.ingest.run import ingest
from sitroom.records import Analysis, Problem
from sitroom.store import Store

STORIES = [
    "Ministers from twelve countries met in Oslo to agree on fishing quotas for the coming "
    "season. The agreement caps catches of cod and herring and sets up a joint inspection "
    "service. Environmental groups welcomed the deal but said the limits were still too high "
    "to let stocks recover within a decade.",
    "The central bank raised its main interest rate by a quarter of a point on Thursday, "
    "citing persistent inflation in services. The governor said further rises could not be "
    "ruled out. Markets had expected the move, and the currency barely changed after the "
    "announcement was published in the afternoon.",
    "Heavy rain caused flooding in several northern provinces, forcing thousands of people to "
    "leave their homes. Rescue teams used boats to reach villages cut off by the water. The "
    "weather service warned that more storms were likely before the end of the week.",
]


class StandIn:
    """The pipeline's interface without spaCy: one empty Analysis per document, in order; a
    document containing BOOM fails to parse."""

    def __init__(self):
        self.seen: list[str] = []

    def pipe(self, documents, *, n_process=1):
        for document in documents:
            self.seen.append(document.text)
            problems = [Problem(stage="parse", error="ValueError", reason="boom", fatal=True)] \
                if "BOOM" in document.text else []
            yield Analysis(document=document, problems=problems, model="stand-in")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, story in enumerate(STORIES):
        (folder / f"{i}.txt").write_text(story)
    return folder


def _ingest(db, paths, **settings):
    stand_in = StandIn()
    with Store(db, writable=True) as store:
        report = ingest(store, paths, pipeline=stand_in, n_process=1, **settings)
    return report, stand_in


def test_ingest_run_stores_each_document_once(tmp_path, corpus):
    db = tmp_path / "c.duckdb"
    first, seen = _ingest(db, [corpus])
    again, seen_again = _ingest(db, [corpus])
    assert (first.stored, first.skipped) == (3, 0)
    assert (again.stored, again.skipped) == (0, 3) and seen_again.seen == []
    with Store(db) as store:
        assert store.stats()["documents"] == 3
        assert store.sql("SELECT count(*) FROM sources").rows() == [(3,)]


def test_ingest_run_exact_duplicates_are_logged_not_stored(tmp_path, corpus):
    (corpus / "copy.txt").write_text("  " + STORIES[0].replace(" ", "  ") + "\n")
    report, stand_in = _ingest(tmp_path / "c.duckdb", [corpus])
    assert (report.stored, report.duplicates) == (3, 1)
    assert len(stand_in.seen) == 3
    with Store(tmp_path / "c.duckdb") as store:
        rows = store.sql("SELECT outcome, count(*) FROM sources GROUP BY outcome "
                         "ORDER BY outcome").rows()
    assert rows == [("duplicate", 1), ("stored", 3)]


def test_ingest_run_near_duplicates_are_linked_not_analysed(tmp_path, corpus):
    syndicated = "By Staff Reporter. " + STORIES[1]
    (corpus / "z-syndicated.txt").write_text(syndicated)
    db = tmp_path / "c.duckdb"
    report, stand_in = _ingest(db, [corpus])
    assert (report.stored, report.near_duplicates) == (3, 1)
    assert syndicated not in stand_in.seen
    with Store(db) as store:
        (copy,) = store.sql("SELECT d.duplicate_of, o.text, d.similarity FROM documents d "
                            "JOIN documents o ON o.id = d.duplicate_of").rows()
        assert copy[1] == STORIES[1] and copy[2] >= 0.8
        assert store.search("Staff Reporter").to_dicts() == []
        assert store.search("central bank").column("copies") == [1]
    (tmp_path / "later.txt").write_text(syndicated + " Updated.")
    later, _ = _ingest(db, [tmp_path / "later.txt"])
    assert later.near_duplicates == 1  # originals of earlier runs are remembered


def test_ingest_run_without_near_duplicate_detection(tmp_path, corpus):
    (corpus / "z.txt").write_text("By Staff Reporter. " + STORIES[1])
    report, _ = _ingest(tmp_path / "c.duckdb", [corpus], near_threshold=None)
    assert (report.stored, report.near_duplicates) == (4, 0)


def test_ingest_run_rejects_never_stop_it(tmp_path, corpus):
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (corpus / "boom.txt").write_text("This text makes the parser fail: BOOM.")
    (corpus / "rows.jsonl").write_text('{"text": "fine row"}\n[1, 2]\n')
    db = tmp_path / "c.duckdb"
    report, _ = _ingest(db, [corpus, tmp_path / "missing.txt"])
    assert (report.stored, report.rejected) == (4, 4)
    with Store(db) as store:
        rejects = {r["source"].rsplit("/", 1)[1]: r for r in store.rejects()}
    assert set(rejects) == {"binary.txt", "boom.txt", "rows.jsonl#line=2", "missing.txt"}
    assert rejects["boom.txt"]["reason"] == "parse: boom"
    again, _ = _ingest(db, [corpus])
    assert (again.stored, again.rejected, again.skipped) == (0, 0, 7)


def test_ingest_run_rereads_changed_files(tmp_path, corpus):
    db = tmp_path / "c.duckdb"
    _ingest(db, [corpus])
    path = corpus / "0.txt"
    path.write_text(STORIES[2].replace("rain", "snow").replace("boats", "tractors"))
    os.utime(path, ns=(1, 1))  # a different modification time, as an edit would give
    report, _ = _ingest(db, [corpus])
    assert (report.stored, report.skipped) == (1, 2)


def test_ingest_run_reports_progress(tmp_path, corpus):
    seen = []
    with Store(tmp_path / "c.duckdb", writable=True) as store:
        report = ingest(store, [corpus], pipeline=StandIn(), n_process=1,
                        on_progress=lambda r: seen.append((r.documents, r.bytes_done)))
    assert seen[-1] == (3, report.bytes_total) and report.bytes_total == sum(
        len(s) for s in STORIES)


def test_ingest_run_jsonl_fields(tmp_path):
    rows = [{"body": s, "headline": f"Story {i}", "day": "2023-07-1" + str(i)}
            for i, s in enumerate(STORIES)]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    from sitroom.ingest.readers import Fields

    fields = Fields().override({"text": "body", "title": "headline", "published": "day"})
    report, _ = _ingest(tmp_path / "c.duckdb", [tmp_path / "a.jsonl"], fields=fields)
    assert report.stored == 3
    with Store(tmp_path / "c.duckdb") as store:
        assert store.sql("SELECT title, published FROM documents ORDER BY title").rows() == [
            ("Story 0", "2023-07-10"), ("Story 1", "2023-07-11"), ("Story 2", "2023-07-12")]


@pytest.mark.model
def test_ingest_run_with_the_pipeline_stores_what_analyze_finds(tmp_path, pipeline):
    text = ("Prime Minister Keir Starmer met Emmanuel Macron in Paris on Friday. "
            "Macron said France would send more aid to Ukraine.")
    (tmp_path / "a.txt").write_text(text)
    with Store(tmp_path / "c.duckdb", writable=True) as store:
        report = ingest(store, [tmp_path / "a.txt"], pipeline=pipeline, n_process=1)
        (stored,) = list(store.analyses())
    expected = pipeline.analyze(text, source=str(tmp_path / "a.txt")).as_dict()
    assert report.stored == 1
    assert stored == expected
    assert stored["mentions"], "the actors stage found no one: check the sample text"
