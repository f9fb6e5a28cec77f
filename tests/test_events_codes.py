"""The CAMEO code table and the lexicon: our own files, checked against the public codebook."""

from __future__ import annotations

import csv
import re

import pytest

from sitroom.events import codes
from sitroom.events.lexicon import lexicon


def test_codes_table_covers_every_root_and_subcode():
    table = codes.table()
    assert {c.root for c in table.values()} == {f"{n:02d}" for n in range(1, 21)}
    assert len(table) >= 300


def test_codes_quad_class_and_penta_follow_the_root():
    for code in codes.table().values():
        root = int(code.root)
        assert code.quad_class == (1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4)
        # the PETRARCH/Phoenix pentaclass counts reducing relations (16) as verbal conflict
        assert code.penta == (0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8
                              else 3 if root <= 13 or root == 16 else 4)


@pytest.mark.shared
def test_codes_match_the_cameo_codebook(shared):
    path = shared / "events/cameo/cameo-codes.csv"
    with path.open(encoding="utf-8", errors="replace") as handle:
        book = {r["code"]: r for r in csv.DictReader(handle)}
    table = codes.table()
    assert set(table) == set(book)
    for code, row in book.items():
        assert table[code].goldstein == pytest.approx(float(row["goldstein"])), code
        assert table[code].root == row["root_code"], code


@pytest.mark.shared
def test_codes_plover_types_match_the_2021_mapping(shared):
    text = (shared / "events/plover/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    mapping = {}
    for line in text.splitlines():
        match = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line.split("#")[0])
        if match:
            mapping.setdefault(match.group(1), (match.group(2), match.group(3).strip()))
    table = codes.table()
    checked = 0
    for code, (plover_type, mode) in mapping.items():
        if code in table:
            assert table[code].plover_type == plover_type, code
            assert (table[code].plover_mode or "") == mode.replace(" ", ""), code
            checked += 1
    assert checked > 250


def test_codes_lookup_unknown_code_is_a_config_error():
    from sitroom.errors import ConfigError

    with pytest.raises(ConfigError):
        codes.lookup("999")


def test_lexicon_names_only_known_codes_and_frames():
    lex = lexicon()  # raises ConfigError otherwise
    assert lex.verb("attack", ()) == "190"
    assert lex.verb("impose", (), ("sanction",)) == "light"
    assert lex.nouns["sanction"].code == "163"


def test_lexicon_verb_rows_most_specific_first():
    lex = lexicon()
    # an object row beats a particle row: "withdrew inspectors from Iraq"
    assert lex.verb("withdraw", ("from",), ("inspector",)) == "1662"
    assert lex.verb("withdraw", ("from",), ("troop",)) == "0874"
    # a compound object first: "withdrew the peacekeeping force"
    assert lex.verb("withdraw", (), ("peacekeeping force", "force")) == "1661"
    # "-" rows match only a verb without a direct object
    assert lex.verb("return", ("to",), ("geneva",), direct=False) == "042"
    assert lex.verb("return", ("to",), ("painting",), direct=True) == "0842"


def test_lexicon_stopping_frames():
    lex = lexicon()
    assert lex.combine("cease", "143") == "080"  # called off the strike
    assert lex.combine("cease", "046") == "164"  # suspended talks
    assert lex.combine("end", "190") == "087"  # ended the fighting
    assert lex.combine("end", "042") == "none"  # ended the visit: no event
    assert lex.bare("cease") == "none"  # "the fighting stopped"


def test_lexicon_frames_combine_with_the_complement():
    lex = lexicon()
    assert lex.combine("refuse", "040") == "125"  # refused to meet
    assert lex.combine("threaten", "190") == "138"  # threatened to attack
    assert lex.combine("appeal", "0841") == "0253"  # urged to release
    assert lex.combine("intent", None) == "030"
