"""Vietnamese document notations (số ký hiệu): parse, normalize, and turn into identifiers.

Four shapes are official:

- administrative ``06/CT-TTg``, ``382/QĐ-BTC`` (number / type - issuer);
- normative ``29/2025/NĐ-CP`` (number / year / type - issuer);
- Party ``18-NQ/TW`` (number - type / issuer);
- official letter (công văn) ``12252/CHQ-GSQL``, ``11554/VPCP-V.I`` (number / issuer - the issuing
  unit's code): no type code; the type is the letter's, ``CV``.

>>> parse("382/QD-BTC")
Notation(number='382', year=None, type_code='QĐ', issuer_code='BTC', shape='administrative', unit_code=None)
>>> parse("29/2025/ND-CP").text
'29/2025/NĐ-CP'
>>> parse("18-NQ/TW").slug
'18-nq-tw'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Type codes with their Vietnamese spelling (Đ) and the English name.
TYPE_CODES = {
    "CT": "directive", "QĐ": "decision", "NQ": "resolution", "NĐ": "decree", "TT": "circular",
    "TTLT": "joint circular", "KH": "plan", "CV": "official letter", "L": "law", "HD": "guidance",
}
_ISSUER = r"[A-Za-zĐđ]+(?:-[A-Za-zĐđ]+)*"
_TYPE = r"[A-Za-zĐđ]+"
_SHAPES = {
    "normative": re.compile(rf"^(?P<number>\d+)/(?P<year>\d{{4}})/(?P<type>{_TYPE})-(?P<issuer>{_ISSUER})$"),
    "administrative": re.compile(rf"^(?P<number>\d+)/(?P<type>{_TYPE})-(?P<issuer>{_ISSUER})$"),
    "party": re.compile(rf"^(?P<number>\d+)-(?P<type>{_TYPE})/(?P<issuer>{_ISSUER})$"),
}
# an official letter: the issuer's code, then the code of its unit that drafted it
_LETTER = re.compile(r"^(?P<number>\d+)/(?P<issuer>[A-ZĐ][A-Za-zĐđ]*)-(?P<unit>[A-ZĐ][A-Za-zĐđ]*(?:[.-][A-ZĐa-zđ0-9]+)*)$")


#: A notation as running text writes it: "06/CT-TTg", "29/2025/ND-CP", "18-NQ/TW", "11554/VPCP-V.I"
#: (a letter's unit code may go on in dotted or hyphened parts; a full stop ending the sentence is
#: no part of it).
IN_TEXT = re.compile(r"(?<![\w/])(?:\d+(?:/\d{4})?/[A-Za-zĐđ]{1,5}-[A-Za-zĐđ]+(?:-[A-Za-zĐđ]+)*(?:\.[A-ZĐ0-9]+)*"
                     r"|\d+-[A-Za-zĐđ]{1,5}/[A-Za-zĐđ]+)(?![\w/])")


def find(text: str):
    """Every notation ``text`` writes, as a match (``group(0)`` the notation as written).

    >>> [m.group(0) for m in find("Document No. 11554/VPCP-V.I conveys Directive 13/CT-TTg.")]
    ['11554/VPCP-V.I', '13/CT-TTg']
    """
    return IN_TEXT.finditer(text)


class NotationError(ValueError):
    """Text that is not a document notation in any official shape."""


@dataclass(frozen=True)
class Notation:
    number: str
    year: str | None
    type_code: str
    issuer_code: str
    shape: str
    unit_code: str | None = None  # an official letter's drafting unit: "GSQL" in 12252/CHQ-GSQL

    @property
    def text(self) -> str:
        """The notation as officially written (with Đ)."""
        if self.shape == "normative":
            return f"{self.number}/{self.year}/{self.type_code}-{self.issuer_code}"
        if self.shape == "party":
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        if self.shape == "letter":
            return f"{self.number}/{self.issuer_code}-{self.unit_code}"
        return f"{self.number}/{self.type_code}-{self.issuer_code}"

    @property
    def slug(self) -> str:
        """The lowercase ASCII identifier part: ``382-qd-btc``, ``29-2025-nd-cp``."""
        parts = ([self.number, self.issuer_code, self.unit_code] if self.shape == "letter"
                 else [self.number, self.year, self.type_code, self.issuer_code])
        return re.sub(r"[.]", "-", "-".join(p for p in parts if p)).replace("Đ", "D").replace("đ", "d").lower()


def parse(text: str) -> Notation:
    """Parse a notation, accepting ``D`` for ``Đ`` in type codes and any case of the type code.

    Raises:
        NotationError: ``text`` matches none of the official shapes, or its type code is unknown.
    """
    cleaned = text.strip().replace(" ", "")
    letter = _LETTER.match(cleaned)
    if letter and _official_type(letter.group("issuer")) is None:  # "12252/CHQ-GSQL": no type code
        return Notation(letter.group("number"), None, "CV", letter.group("issuer"), "letter", letter.group("unit"))
    for shape, pattern in _SHAPES.items():
        match = pattern.match(cleaned)
        if match:
            type_code = _official_type(match.group("type"))
            if type_code is None:
                raise NotationError(f"{text!r}: unknown document type code {match.group('type')!r}")
            return Notation(match.group("number"), match.groupdict().get("year"), type_code,
                            _official_issuer(match.group("issuer")), shape)
    raise NotationError(f"{text!r} is not a document notation such as 06/CT-TTg, 29/2025/NĐ-CP or 18-NQ/TW")


def _official_type(code: str) -> str | None:
    upper = code.upper().replace("Đ", "D")
    for official in TYPE_CODES:
        if official.replace("Đ", "D") == upper:
            return official
    return None


def _official_issuer(code: str) -> str:
    # Issuer codes keep their own case (TTg, CP, BTC, TCHQ, TW); only D/Đ is not normalized
    # because issuer codes rarely contain it and the source spelling is the better guess.
    return code
