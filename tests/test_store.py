"""The corpus store: layout, writing, reading back, questions, read-only SQL, migrations."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest
from corpus_samples import sample_analysis, span

from sitroom.errors import ConfigError, QueryRefused, StoreError
from sitroom.records import Analysis, Claim, Quote, SentenceSource
from sitroom.store import Store, schema


@pytest.fixture
def db(tmp_path):
    return tmp_path / "corpus.duckdb"


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """Three articles: two in 2023 (one event negated), one in 2024. Tests only read it."""
    db = tmp_path_factory.mktemp("filled") / "corpus.duckdb"
    with Store(db, writable=True) as store:
        store.add([sample_analysis(1, published="2023-07-13"),
                   sample_analysis(2, published="2023-07-20", negated=True, outlet="Wire"),
                   sample_analysis(3, published="2024-02-01")])
    return db


def test_store_roundtrip_keeps_every_record(db):
    original = sample_analysis(1)
    with Store(db, writable=True) as store:
        assert store.add([original]) == 1
    with Store(db) as store:
        (back,) = list(store.analyses())
    assert back == original.as_dict()
    assert Analysis.from_dict(back).quotes == original.quotes


def test_store_add_skips_documents_already_stored(db):
    with Store(db, writable=True) as store:
        assert store.add([sample_analysis(1), sample_analysis(2)]) == 2
        assert store.add([sample_analysis(2), sample_analysis(3)]) == 1
        assert store.stats()["documents"] == 3
        assert store.stats()["quotes"] == 3


def test_store_records_schema_and_store_version(db):
    with Store(db, writable=True) as store:
        meta = store.meta()
    assert meta["store_version"] == str(schema.STORE_VERSION)
    assert meta["records_schema"] == "1"


def test_store_quotes_by_speaker_about_and_date(filled):
    with Store(filled) as store:
        by_name = store.quotes(speaker="Putin")
        by_code = store.quotes(speaker="RUSGOV", about="NATO", since="2024-01-01")
        about_alliance = store.quotes(about="the alliance")
        nobody = store.quotes(speaker="Stoltenberg")
    assert len(by_name) == 3
    assert by_name.column("date") == ["2024-02-01", "2023-07-20", "2023-07-13"]
    assert by_name.to_dicts()[0]["quote"] == "NATO membership for Ukraine threatens Russia"
    assert by_code.column("date") == ["2024-02-01"]
    assert len(about_alliance) == 3  # NATO's alias: the quote mentions NATO
    assert len(nobody) == 0


def test_store_actors_counts_mentions_quotes_events_stances(filled):
    with Store(filled) as store:
        rows = {r["id"]: r for r in store.actors()}
    assert rows["igo:NATO"]["mentions"] == 6 and rows["igo:NATO"]["documents"] == 3
    assert rows["person:vladimir-putin"]["quotes"] == 3
    assert rows["person:vladimir-putin"]["stances"] == 3
    assert rows["state:RUS"]["events"] == 3 and rows["state:UKR"]["events"] == 3
    assert list(rows)[0] == "igo:NATO"  # most mentioned first


def test_store_stance_for_and_against_over_time(filled):
    with Store(filled) as store:
        monthly = store.stance("membership(UKR,NATO)", by="month")
        by_words = store.stance("membership in NATO", by="all")
    rows = {(r["period"], r["holder_actor"]): r for r in monthly}
    assert rows[("2023-07", "person:vladimir-putin")]["against"] == 2
    assert rows[("2023-07", "person:jens-stoltenberg")]["favor"] == 2
    assert rows[("2024-02", "person:vladimir-putin")]["against"] == 1
    assert {r["holder"] for r in by_words} == {"Vladimir Putin", "Jens Stoltenberg"}


def test_store_events_by_dyad_and_month(filled):
    with Store(filled) as store:
        coded = store.events(dyad="RUS:UKR", by="month")
        everything = store.events(dyad="RUS:*", by="year", include_negated=True)
        reversed_dyad = store.events(dyad="UKR:RUS")
    assert coded.to_dicts() == [
        {"period": "2023-07", "events": 1, "goldstein": -10.0, "verbal_coop": 0,
         "material_coop": 0, "verbal_conflict": 0, "material_conflict": 1},
        {"period": "2024-02", "events": 1, "goldstein": -10.0, "verbal_coop": 0,
         "material_coop": 0, "verbal_conflict": 0, "material_conflict": 1}]
    assert everything.column("events") == [2, 1]
    assert len(reversed_dyad) == 0


def test_store_events_rejects_bad_dyad_and_period(filled):
    with Store(filled) as store:
        with pytest.raises(ConfigError):
            store.events(dyad="RUS")
        with pytest.raises(ConfigError):
            store.events(by="fortnight")
        with pytest.raises(ConfigError):
            store.quotes(since="last year")


def test_store_search_finds_all_terms(filled):
    with Store(filled) as store:
        found = store.search('"Report 2" Kharkiv')
        none = store.search("Kharkiv Odesa")
    assert found.column("title") == ["Report 2"]
    assert "Report 2" in found.to_dicts()[0]["snippet"]
    assert len(none) == 0


def test_store_sql_reads(filled):
    with Store(filled) as store:
        result = store.sql("SELECT outlet, count(*) AS n FROM documents GROUP BY outlet "
                           "ORDER BY outlet")
    assert result.rows() == [("Example News", 2), ("Wire", 1)]


def test_store_sql_repeated_column_names_stay_apart(filled):
    with Store(filled) as store:
        result = store.sql("SELECT d.title, o.title FROM documents d, documents o "
                           "WHERE d.title = 'Report 1' AND o.title = 'Report 2'")
    assert result.columns == ("title", "title_2")
    assert result.to_dicts() == [{"title": "Report 1", "title_2": "Report 2"}]


@pytest.mark.parametrize("query", [
    "DELETE FROM documents",
    "DROP TABLE quotes",
    "COPY documents TO 'out.csv'",
    "ATTACH 'other.duckdb'",
    "INSTALL httpfs",
    "SET threads = 1",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM '/etc/hosts'",
    "SELECT * FROM glob('/*')",
    "SELECT 1; DELETE FROM documents",
    "SELECT * FROM query('SELECT 1')",
])
def test_store_sql_refuses_writes_and_files(filled, query):
    with Store(filled) as store:
        with pytest.raises(QueryRefused):
            store.sql(query)
        assert store.stats()["documents"] == 3


def test_store_read_only_connection_blocks_file_access(filled):
    with Store(filled) as store:  # the second lock, under the statement check
        with pytest.raises(duckdb.Error):
            store.conn.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
        with pytest.raises(duckdb.Error):
            store.conn.execute("DELETE FROM documents")


def test_store_sql_in_writable_store_keeps_nothing(filled):
    with Store(filled, writable=True) as store:
        store.sql("SELECT count(*) FROM documents")
        assert store.stats()["documents"] == 3


def test_store_read_only_open_needs_a_corpus(tmp_path):
    with pytest.raises(StoreError, match="no corpus database"):
        Store(tmp_path / "missing.duckdb")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError, match="not a sitroom corpus"):
        Store(other, writable=True)


def test_store_migrates_older_versions(db, monkeypatch):
    with Store(db, writable=True) as store:
        store.add([sample_analysis(1)])
    ran = []
    monkeypatch.setattr(schema, "STORE_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: lambda conn: ran.append(
        conn.execute("SELECT count(*) FROM documents").fetchall()[0][0])})
    with pytest.raises(StoreError, match="sitroom migrate"):
        Store(db)
    with Store(db, writable=True) as store:
        assert store.changes[0] == "store version 1 -> 2"
        assert store.meta()["store_version"] == "2"
    assert ran == [1]
    with Store(db) as store:
        assert store.stats()["documents"] == 1


def test_store_refuses_newer_versions(db, monkeypatch):
    Store(db, writable=True).close()
    monkeypatch.setattr(schema, "STORE_VERSION", 0)
    with pytest.raises(StoreError, match="newer sitroom"):
        Store(db, writable=True)


def test_store_adds_columns_for_new_record_fields(db):
    with Store(db, writable=True) as store:
        store.conn.execute('ALTER TABLE events DROP COLUMN "place_id"')
    with Store(db, writable=True) as store:
        assert "events.place_id" in store.changes
        store.add([sample_analysis(1)])
    with Store(db) as store:
        assert store.sql("SELECT place_id FROM events").rows() == [("p1",)]


def test_store_batch_is_one_transaction(db):
    with Store(db, writable=True) as store:
        writer = store.writer(commit_every=100)
        writer.add_analysis(sample_analysis(1))
        writer.add_analysis(sample_analysis(1))  # the same document twice breaks the batch
        with pytest.raises(StoreError):
            writer.flush()
        assert store.stats()["documents"] == 0
        assert store.stats()["mentions"] == 0


def test_store_table_columns_follow_the_records():
    quotes = {c.name for c in schema.RECORD_TABLES["quotes"].columns}
    assert {"doc_id", "seq", "speaker_start", "speaker_end", "speaker_text", "content",
            "speaker_actor"} <= quotes
    assert set(schema.RECORD_TABLES) == {"mentions", "quotes", "events", "stances", "claims",
                                         "places", "times", "sentences", "tones"}


@pytest.fixture(scope="module")
def argued(tmp_path_factory):
    """Two articles: Putin's claim (via his quote); in the second also an author's claim and
    an unresolved speaker's, and one unattributed sentence of three."""
    db = tmp_path_factory.mktemp("argued") / "corpus.duckdb"
    first = sample_analysis(1, published="2023-07-13")
    second = sample_analysis(2, published="2024-02-01", outlet="Wire")
    text, did = second.document.text, second.document.id
    attack = span(text, "Russia attacked Ukrainian positions near Kharkiv.")
    analysts = span(text, "Report 2")  # stands in for an unnamed speaker's words
    unnamed = Quote(doc_id=did, id="q2", kind="indirect", cue_type="speech", evidence=analysts,
                    content=(analysts,), speaker=analysts)
    claims = [*second.claims,
              Claim(doc_id=did, evidence=attack, kind="causal", cause=span(text, "Russia"),
                    effect=span(text, "Ukrainian positions"), claimant="author",
                    attributed=False, signal=span(text, "attacked")),
              Claim(doc_id=did, evidence=analysts, kind="causal", cause=analysts,
                    effect=analysts, claimant="unknown", attributed=True, via_quote="q2")]
    sentences = [*second.sentences,
                 SentenceSource(doc_id=did, span=attack, sourcing="unattributed"),
                 SentenceSource(doc_id=did, span=span(text, "Jens Stoltenberg said"),
                                sourcing="attributed", attributed_to="person:jens-stoltenberg")]
    second = dataclasses.replace(second, quotes=[*second.quotes, unnamed], claims=claims,
                                 sentences=sentences)
    with Store(db, writable=True) as store:
        store.add([first, second])
    return db


def test_store_claims_by_claimant_about_and_date(argued):
    with Store(argued) as store:
        putin = store.claims(claimant="Putin")
        authors = store.claims(claimant="author")
        unnamed = store.claims(claimant="Report")
        by_word = store.claims(about="Ukraine", since="2024-01-01")
        by_mention = store.claims(about="the alliance")  # NATO's alias: a mention in the cause
    assert putin.column("date") == ["2024-02-01", "2023-07-13"]
    assert putin.to_dicts()[0]["claimant"] == "Vladimir Putin"
    assert [(r["cause"], r["effect"]) for r in authors.to_dicts()] == [
        ("Russia", "Ukrainian positions")]
    assert unnamed.column("claimant") == ["Report 2 (unresolved)"]
    assert by_word.column("claimant") == ["Vladimir Putin"]  # not "Ukrainian positions"
    assert by_mention.column("date") == ["2024-02-01", "2023-07-13"]


def test_store_sourcing_shares_per_outlet_and_document(argued):
    with Store(argued) as store:
        outlets = store.sourcing()
        documents = store.sourcing(by="document", limit=1)
        with pytest.raises(ConfigError):
            store.sourcing(by="planet")
    rows = {r["outlet"]: r for r in outlets.to_dicts()}
    assert (rows["Wire"]["sentences"], rows["Wire"]["unattributed"]) == (3, 1)
    assert rows["Wire"]["unsourced_share"] == 0.333
    assert rows["Example News"]["unsourced_share"] == 0.0
    assert documents.column("outlet") == ["Wire"]
