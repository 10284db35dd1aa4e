"""Text made writable in CP932 (Windows-31J, what Japanese Excel opens by default).

A character CP932 lacks is never dropped without a trace. In order of preference it becomes:
1. nothing, for a variation selector or zero-width joiner (葛 + U+E0100 → 葛: the base
   character stays, only the glyph variant goes), or the character it composes with the one
   before (か + U+3099 → が, from macOS file names);
2. the look-alike CP932 has (— U+2014 → ― U+2015, – U+2013 → -, a lone U+3099 → ゛);
3. its NFKC form when that is encodable (㉑ → 21, ⅺ → xi, no-break space → space);
4. its base letter without accents (é → e);
5. 〓 (U+3013, the 下駄 mark Japanese typesetting uses for a missing character).
Steps 1–4 keep the meaning and are counted as ``substituted``; step 5 loses the character and is
counted as ``unencodable``. Python's cp932 codec already maps 〜 U+301C, − U+2212 and ‖ U+2016
to their CP932 look-alikes, so they never get here.
"""

from __future__ import annotations

import unicodedata

from hiraku.datastore.exports.counts import ExportCounts

GETA = "〓"
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)
_IDEOGRAPHIC_VARIATION_SELECTORS = range(0xE0100, 0xE01F0)
_JOINERS = {"\u200c", "\u200d"}
_LOOK_ALIKES = {"\u2014": "\u2015", "\u2013": "-", "\u3099": "\u309b", "\u309a": "\u309c"}


def _encodable(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


class Cp932Repair:
    """Callable that makes text CP932-encodable, counting what it had to change."""

    def __init__(self, counts: ExportCounts | None = None) -> None:
        self.counts = counts if counts is not None else ExportCounts()

    def __call__(self, text: str) -> str:
        if text.isascii() or _encodable(text):
            return text
        out: list[str] = []
        for char in text:
            if _encodable(char):
                out.append(char)
                continue
            if _is_modifier(char):
                self.counts.substituted += 1
                continue
            if out and unicodedata.combining(char):
                composed = unicodedata.normalize("NFC", out[-1] + char)
                if len(composed) == 1 and _encodable(composed):
                    self.counts.substituted += 1
                    out[-1] = composed
                    continue
            replacement = _replacement(char)
            if replacement is None:
                self.counts.unencodable += 1
                out.append(GETA)
            else:
                self.counts.substituted += 1
                out.append(replacement)
        return "".join(out)


def _is_modifier(char: str) -> bool:
    code = ord(char)
    return (
        code in _VARIATION_SELECTORS or code in _IDEOGRAPHIC_VARIATION_SELECTORS or char in _JOINERS
    )


def _replacement(char: str) -> str | None:
    if char in _LOOK_ALIKES:
        return _LOOK_ALIKES[char]
    compatible = unicodedata.normalize("NFKC", char)
    if compatible != char and _encodable(compatible):
        return compatible
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base != char and _encodable(base):
        return base
    return None
