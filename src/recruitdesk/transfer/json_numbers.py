"""JSON numbers no field can hold, found while a file is decoded: a number of thousands
of digits (Python refuses to convert it, with a :class:`ValueError` that would read as a
bug), ``NaN`` and ``Infinity`` (JSON has none, Python's reader takes them). Each is
decoded as a stand-in, and :func:`refused_number` names where an item holds one, so the
user reads the field, not a traceback.
"""

import json
import math
from collections.abc import Iterator
from typing import Any

#: The longest whole number an item may give: no value recruitdesk stores needs more.
MAX_NUMBER_DIGITS = 100


class _Refused:
    """Where a refused number was, with why it is refused."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class CheckedDecoder(json.JSONDecoder):
    """A decoder that counts the numbers it refused; :func:`refused_number` finds them."""

    def __init__(self) -> None:
        super().__init__(
            parse_int=self._whole, parse_float=self._real, parse_constant=self._constant
        )
        self.refused = 0

    def _stand_in(self, reason: str) -> _Refused:
        self.refused += 1
        return _Refused(reason)

    def _whole(self, text: str) -> int | _Refused:
        digits = len(text.lstrip("-"))
        if digits > MAX_NUMBER_DIGITS:
            return self._stand_in(
                f"a number of {digits:,} digits, longer than any value recruitdesk stores"
            )
        return int(text)

    def _real(self, text: str) -> float | _Refused:
        value = float(text)
        if not math.isfinite(value):
            return self._stand_in(f"{text[:20]}, a number too large to store")
        return value

    def _constant(self, name: str) -> _Refused:
        return self._stand_in(f"{name}, which is not a number JSON allows")


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every value inside ``value`` with its path (``meta.x``, ``work[2].y``), without
    recursion (a decoded item may be nested as deeply as the decoder allows)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, current = stack.pop()
        yield path, current
        if isinstance(current, dict):
            stack.extend(
                (f"{path}.{key}" if path else str(key), item) for key, item in current.items()
            )
        elif isinstance(current, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(current))


def refused_number(decoder: CheckedDecoder, value: Any) -> str | None:
    """``"FIELD holds REASON"`` for a number ``decoder`` refused in ``value``, or
    ``None`` when it refused none (then nothing is walked)."""
    if not decoder.refused:
        return None
    decoder.refused = 0
    for path, item in _walk(value):
        if isinstance(item, _Refused):
            return f"{path or 'the value'} holds {item.reason}"
    return None
