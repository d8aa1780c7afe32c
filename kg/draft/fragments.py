"""The pattern fragments the draft's readers share, each named once with the phrases it reads.

A fragment is a regular expression's text, to be put inside a larger pattern (the readers compile
their own). ``EXAMPLES`` gives, for each, phrases it must read and phrases it must not; the test
suite runs every one of them (tests/test_draft_rules.py).
"""
from __future__ import annotations

import re

#: a currency written before an amount: "VND 30,398 billion", "VNĐ165.7 trillion", "US$6.63 billion", "$8 billion"
CURRENCY = r"(?:VN[DĐđ]|USD|US\$|\$)"
#: a currency's words anywhere (after an amount, in a heading): "VND", "VNĐ", "dong", "đồng", "USD", "US$"
CURRENCY_WORD = r"(?:\bVN[DĐđ]\b|\bdong\b|đồng|\bUSD\b|US\$)"
#: a scale word after a number: "61.3 trillion", "2.3 bn"
SCALE = r"(?:thousand|million|billion|trillion|quadrillion|bn|mn|tn)\b"
#: a percentage's sign or words after a number: "%", " percent", " per cent"
PERCENT = r"(?:\s?%|\s*(?:percent|per\s+cent)\b)"

#: a rise, as news writes it before a number: "up 9.2%", "rising by 13.5%", "climbing by 3.4%", "surging 74 percent"
RISE = (r"(?:increase[sd]?|increasing|up|rise[sn]?|rose|rising|grew|grow(?:s|th|ing)?|higher|climb(?:s|ed|ing)?|"
        r"surge[sd]?|surging|jump(?:s|ed|ing)?|soar(?:s|ed|ing)?|gain(?:s|ed|ing)?|expand(?:s|ed|ing)?|hitting)")
#: a fall: "down 5.4%", "decreasing 37.5 percent", "dropped by 11.24", "slumped 8%"
FALL = (r"(?:decline[sd]?|declining|decrease[sd]?|decreasing|down|fell|fall(?:s|en|ing)?|drop(?:s|ped|ping)?|lower|"
        r"slump(?:s|ed|ing)?|plunge[sd]?|plunging|shr[ai]nk(?:s|ing)?|contract(?:s|ed|ing)?|dip(?:s|ped|ping)?|"
        r"tumbl(?:e|es|ed|ing)|reduc(?:e|es|ed|ing))")
#: a rise or a fall written as a noun after its number: "a 9 per cent year-on-year rise", "7.4 per cent growth"
CHANGE_NOUN = r"(?:increase|rise|growth|jump|surge|gain|decrease|decline|drop|fall|reduction|contraction)s?"
FALL_NOUNS = {"decrease", "decline", "drop", "fall", "reduction", "contraction"}
#: what may stand between a number and its change noun: "year-on-year", "annual", "month-on-month"
CHANGE_MODIFIER = r"(?:(?:year|month|quarter)[-\s]on[-\s](?:year|month|quarter)|annual|yearly|monthly|y/y|m/m)"

#: what a share is of, when it is a plan: "of the estimate", "of current appropriation", "of the goal"
ESTIMATE_WORD = r"(?:estimate|plan|appropriation)s?"
TARGET_WORD = r"(?:target|goal)s?"

#: numbers written as words, as news writes small counts: "seven tons", "four traffickers", "nine packages"
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
#: a number in words that counts (not "one", which is more often a pronoun than a count: "one of the"),
#: and "a" before a ton ("over a ton of drugs")
NUMBER_WORD = (r"(?:(?:" + "|".join(w for w in sorted(NUMBER_WORDS, key=len, reverse=True) if w not in ("zero", "one"))
               + r")\b|a(?=\s+(?:metric\s+)?(?:ton|tonne)s?\b))")


def number_word(word: str) -> int:
    """The count a number word writes ("nine" → 9, "a" → 1, before a ton)."""
    return NUMBER_WORDS.get(word.lower(), 1)


def is_vnd(symbol: str) -> bool:
    """Whether a currency as written names the dong: "VND", "VNĐ", "dong"."""
    return symbol.strip().upper().replace("Đ", "D").startswith(("VND", "DONG", "ĐỒNG")) or symbol.lower() == "đồng"


EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "CURRENCY": (["VND", "VNĐ", "USD", "US$", "$"], ["EUR", "VN"]),
    "CURRENCY_WORD": (["VND", "VNĐ", "dong", "đồng", "USD", "US$"], ["dongle", "VNDX"]),
    "SCALE": (["trillion", "billion", "million", "thousand", "bn", "tn"], ["billions2", "millionaire"]),
    "PERCENT": (["%", " %", " percent", " per cent"], [" per", " pc"]),
    "RISE": (["up", "rising", "climbing", "surging", "rose", "grew", "increased", "hitting", "soared"], ["upon", "raise"]),
    "FALL": (["down", "decreasing", "dropped", "fell", "declined", "slumped", "lower"], ["downtown", "fellow"]),
    "CHANGE_NOUN": (["rise", "growth", "increases", "decrease", "reduction"], ["risen", "grower"]),
    "CHANGE_MODIFIER": (["year-on-year", "month on month", "annual", "y/y"], ["year", "annually"]),
    "NUMBER_WORD": (["two", "nine", "twenty", "seventy"], ["one", "someone", "twentyfive", "network"]),
    "ESTIMATE_WORD": (["estimate", "plan", "appropriation"], ["estimated", "planned"]),
    "TARGET_WORD": (["target", "goal", "targets"], ["targeted", "goalkeeper"]),
}


def fullmatch(fragment: str, text: str) -> bool:
    return re.fullmatch(fragment, text, re.IGNORECASE) is not None
