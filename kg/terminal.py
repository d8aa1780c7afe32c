"""Text from the data made safe to print: no control character reaches a terminal raw.

A label holding ESC could move the cursor, recolour or retitle the user's terminal, BEL ring it,
a carriage return overwrite what was printed before it; each is shown escaped instead
(``\\x1b``, ``\\x07``, ``\\r``), as Python writes it in a string.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional and line/paragraph separators that reorder or
# break what a terminal shows
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: str, keep: str = "") -> str:
    """``text`` with every control character except those in ``keep`` shown escaped.

    >>> safe("a\\x1b[31mb\\x07")
    'a\\\\x1b[31mb\\\\x07'
    >>> safe("two\\nlines", keep="\\n")
    'two\\nlines'
    """
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], text)
