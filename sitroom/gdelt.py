"""Events in the column layout of GDELT 2.0's event table, so that GDELT tooling reads them.

`COLUMNS` are GDELT 2.0's 61 event fields in order; `rows()` fills those that apply to a
sitroom `Event` and leaves the rest empty. Negated and hypothetical events are left out:
GDELT has no field to say that something did not (or only might) happen.
Fields we fill: ids and dates, both actors' code, name, country and type (sector), the
CAMEO codes, quad class, Goldstein score, mention counts (1 per article), action geography
when the event has a place, DATEADDED and SOURCEURL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from .records import Actor, Analysis, Event, Place

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR), *(f"Actor2{f}" for f in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO), *(f"Actor2Geo_{f}" for f in _GEO),
    *(f"ActionGeo_{f}" for f in _GEO), "DATEADDED", "SOURCEURL",
)


def rows(analysis: Analysis) -> Iterator[dict[str, str]]:
    """One GDELT row per factual event of one analysed article."""
    actors = {a.id: a for a in analysis.actors}
    places = {p.id: p for p in analysis.places}
    lead = analysis.document.text.find("\n") % (len(analysis.document.text) + 1)
    for event in analysis.events:
        if event.negated or event.hypothetical:
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update(_when(event, analysis), **_what(event, event.evidence.start < lead))
        row.update(_actor("Actor1", actors.get(event.source_actor), event.source))
        row.update(_actor("Actor2", actors.get(event.target_actor), event.target))
        row.update(_geo("ActionGeo", places.get(event.place_id)))
        row["GLOBALEVENTID"] = _event_id(analysis.document.id, event.id)
        row["SOURCEURL"] = analysis.document.url or analysis.document.source or ""
        yield row


def tsv(analyses: Iterable[Analysis], *, header: bool = False) -> Iterator[str]:
    """Tab-separated lines; GDELT's own files have no header line, so none by default."""
    if header:
        yield "\t".join(COLUMNS)
    for analysis in analyses:
        for row in rows(analysis):
            yield "\t".join(_clean(row[c]) for c in COLUMNS)


def _when(event: Event, analysis: Analysis) -> dict[str, str]:
    day = _day(event.date) or _day(analysis.document.published)
    published = _day(analysis.document.published) or day
    if day is None:
        return {}
    year, month = int(day[:4]), int(day[4:6])
    fraction = year + (month - 1) / 12 + (int(day[6:8]) - 1) / 365
    return {"SQLDATE": day, "MonthYear": day[:6], "Year": day[:4],
            "FractionDate": f"{fraction:.4f}", "DATEADDED": f"{published}000000"}


def _day(value: str | None) -> str | None:
    """YYYYMMDD from an ISO date; a bare year or month is filled out to its first day, as
    GDELT does for events it can only date roughly."""
    if not value:
        return None
    digits = value.replace("-", "")[:8]
    return digits + {4: "0101", 6: "01"}.get(len(digits), "")


def _what(event: Event, in_lead: bool) -> dict[str, str]:
    """IsRootEvent is GDELT's flag for events in an article's lead paragraph."""
    return {"IsRootEvent": "1" if in_lead else "0", "EventCode": event.cameo,
            "EventBaseCode": event.cameo[:3], "EventRootCode": event.root,
            "QuadClass": str(event.quad_class), "GoldsteinScale": f"{event.goldstein:g}",
            "NumMentions": "1", "NumSources": "1", "NumArticles": "1"}


def _actor(prefix: str, actor: Actor | None, span) -> dict[str, str]:
    if actor is None:
        return {f"{prefix}Name": span.text.upper() if span is not None else ""}
    return {f"{prefix}Code": actor.code or "", f"{prefix}Name": actor.name.upper(),
            f"{prefix}CountryCode": actor.country or "",
            f"{prefix}Type1Code": actor.sector or ""}


def _geo(prefix: str, place: Place | None) -> dict[str, str]:
    if place is None:
        return {}
    return {f"{prefix}_Type": "4" if place.feature_class == "P" else "1",
            f"{prefix}_FullName": place.name, f"{prefix}_CountryCode": place.country or "",
            f"{prefix}_ADM1Code": place.admin1 or "",
            f"{prefix}_Lat": "" if place.lat is None else f"{place.lat:.4f}",
            f"{prefix}_Long": "" if place.lon is None else f"{place.lon:.4f}",
            f"{prefix}_FeatureID": str(place.geonames_id or "")}


def _event_id(doc_id: str, event_id: str) -> str:
    """A stable integer id: GDELT's GLOBALEVENTID is numeric."""
    digest = hashlib.blake2b(f"{doc_id}:{event_id}".encode(), digest_size=7).digest()
    return str(int.from_bytes(digest, "big"))


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")
