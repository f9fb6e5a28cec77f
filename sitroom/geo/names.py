"""Lookup keys for place names: the same key for "Kyiv", "KYIV", "St. Louis" and "St Louis"."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-",
                              "\u2014": "-", ".": ""})
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")
_SAINT = re.compile(r"^(saint|st) ", re.IGNORECASE)
_MOUNT = re.compile(r"^(mount|mt) ", re.IGNORECASE)
_FORT = re.compile(r"^(fort|ft) ", re.IGNORECASE)


def key(text: str) -> str:
    """Case-folded, accents and periods dropped, no leading 'the', no possessive 's."""
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _SPACES.sub(" ", folded).strip(" ,;:-")
    if folded.startswith("the "):
        folded = folded[4:]
    return _POSSESSIVE.sub("", folded)


def variants(name: str) -> list[str]:
    """The written forms a name is indexed under: "Saint Louis" also as "St Louis"."""
    out = [name]
    for pattern, forms in ((_SAINT, ("Saint ", "St ")), (_MOUNT, ("Mount ", "Mt ")),
                           (_FORT, ("Fort ", "Ft "))):
        if pattern.match(name):
            out += [pattern.sub(form, name) for form in forms]
    return out


def is_latin(text: str) -> bool:
    """Written in the Latin alphabet (we index English-usable names only)."""
    return any(c.isalpha() for c in text) and all(
        ord(c) < 0x250 or not c.isalpha() for c in text)
