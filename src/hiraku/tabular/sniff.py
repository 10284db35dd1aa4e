"""What a file is before it is read: its format, its character encoding, its CSV dialect.

Encodings are decided by strict decoding in a measured order (see design.md, "sniff"):
BOM → UTF-8 → CP932 / EUC-JP (when both decode, the one that reads as Japanese wins) →
a statistical detector last. No step ever decodes with replacement characters, so a wrong
guess fails loudly instead of producing mojibake.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hiraku.tabular.errors import Note, TabularError

# Enough text to tell the encodings apart, small enough to sniff a 1 GB file instantly.
SAMPLE_BYTES = 256 * 1024
_SCAN_CHUNK = 1024 * 1024
# chardet 7 gives 0.3–0.5 for correct answers on short non-Japanese text and flags random
# bytes as binary; below this it is guessing (cp1252 text came back as cp1250 at 0.06).
_DETECTOR_MIN_CONFIDENCE = 0.25

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# ISO-2022-JP is 7-bit, so it also "decodes" as UTF-8; its escape sequences give it away.
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "RAR"),
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"PAR1", "Parquet"),
)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")

_EXTENSION_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".json": "json",
    ".geojson": "geojson",
}

FORMATS = ("csv", "tsv", "xlsx", "xls", "json", "geojson")


@dataclass(frozen=True)
class EncodingResult:
    """``codec`` is a Python codec name; ``how`` is "bom", "escape", "strict" or "detector"."""

    codec: str
    had_bom: bool
    how: str
    notes: tuple[Note, ...] = ()


def read_sample(path: str | os.PathLike[str]) -> tuple[bytes, bool]:
    """The bytes to sniff, and whether they are the whole file.

    The sample starts at the file's beginning unless that is plain ASCII, in which case it
    starts at the line holding the first non-ASCII byte: a CP932 file whose first megabytes
    are ASCII codes and numbers must not be mistaken for UTF-8.
    """
    with _open_binary(path) as handle:
        head = handle.read(SAMPLE_BYTES)
        if len(head) < SAMPLE_BYTES:
            return head, True
        if not head.isascii() or head.startswith(tuple(bom for bom, _ in _BOMS)):
            return head, False
        offset = len(head)
        while chunk := handle.read(_SCAN_CHUNK):
            if not chunk.isascii():
                first = next(i for i, byte in enumerate(chunk) if byte >= 0x80)
                # ASCII bytes before the first high byte are real characters in every
                # candidate encoding, so the preceding newline is a safe place to start.
                start = offset + chunk.rfind(b"\n", 0, first) + 1
                handle.seek(start)
                sample = handle.read(SAMPLE_BYTES)
                return sample, False
            offset += len(chunk)
        return head, False


def detect_encoding(path_or_bytes: str | os.PathLike[str] | bytes) -> EncodingResult:
    """Decide the codec of a text file (or of a byte sample) by strict decoding.

    Raises ``TabularError`` (``binary_file`` / ``encoding_unknown``) when no decoding is clean.
    """
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        sample, complete = bytes(path_or_bytes), True
    else:
        sample, complete = read_sample(path_or_bytes)
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return EncodingResult(codec, had_bom=True, how="bom")
    if b"\x00" in sample:
        raise TabularError.of("binary_file", kind="NUL bytes")
    if sample.isascii() and any(escape in sample for escape in _ISO2022_ESCAPES):
        for codec in ("iso2022_jp", "iso2022_jp_ext"):
            if _decodes(sample, codec, complete):
                return EncodingResult(codec, had_bom=False, how="escape")
        raise TabularError.of("encoding_unknown")
    if _decodes(sample, "utf-8", complete):
        return EncodingResult("utf-8", had_bom=False, how="strict")
    if _utf8_before_error(sample) >= _MIXED_UTF8_CHARS:
        # Clean UTF-8 Japanese up to some point, then other bytes: a file mixing encodings.
        # Reading it as UTF-8 makes the reader stop at the first bad line and say so;
        # CP932 would "succeed" and turn the UTF-8 part into mojibake.
        return EncodingResult("utf-8", had_bom=False, how="strict")
    japanese = [
        codec
        for codec in ("cp932", "euc_jp")
        if _decodes(sample, codec, complete) and _plausible(_decoded(sample, codec, complete))
    ]
    if len(japanese) == 1:
        return EncodingResult(japanese[0], had_bom=False, how="strict")
    if japanese:
        return _more_japanese(sample, japanese)
    return _ask_detector(sample, complete)


_MIXED_UTF8_CHARS = 4  # CP932 text essentially never forms 4 valid multi-byte UTF-8 characters


def _utf8_before_error(sample: bytes) -> int:
    """How many non-ASCII characters decode as UTF-8 before the first invalid byte."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = sample[: error.start].decode("utf-8")
        return sum(1 for ch in prefix if ord(ch) >= 0x80)
    return 0


def _decodes(sample: bytes, codec: str, complete: bool) -> bool:
    # An incremental decoder tolerates a character cut in half at the end of a sample.
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _decoded(sample: bytes, codec: str, complete: bool) -> str:
    return codecs.getincrementaldecoder(codec)("strict").decode(sample, final=complete)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1c-\x1f\x7f]")


def _plausible(text: str) -> bool:
    """Text, not bytes that happen to decode: UTF-16 without a BOM decodes as CP932 into
    ASCII letters and control characters, which no real table contains."""
    return len(_CONTROL.findall(text)) * 1000 <= len(text)


_GOOD = re.compile(r"[\u3040-\u30ff\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")
# Half-width punctuation (｡｢｣､･) is rare in real files but is what EUC-JP hiragana and
# katakana turn into when read as CP932; half-width katakana glued to kanji is the same noise.
_BAD = re.compile(
    r"[\uff61-\uff65\ue000-\uf8ff\x80-\x9f]"
    r"|[\uff66-\uff9f](?=[\u3000-\u9fff\uff01-\uff5e])"
    r"|[\u3000-\u9fff\uff01-\uff5e](?=[\uff66-\uff9f])"
)


def japanese_score(text: str) -> float:
    """How much ``text`` reads as Japanese: share of plausible minus share of noise characters."""
    wide = sum(1 for ch in text if ord(ch) >= 0x80) or 1
    return (len(_GOOD.findall(text)) - 3 * len(_BAD.findall(text))) / wide


def _more_japanese(sample: bytes, codecs_ok: list[str]) -> EncodingResult:
    scored = [(japanese_score(_decoded(sample, c, False)), -i, c) for i, c in enumerate(codecs_ok)]
    scored.sort(reverse=True)
    chosen = scored[0][2]
    other = next(c for c in codecs_ok if c != chosen)
    note = Note.of("encoding_ambiguous", chosen=chosen, other=other)
    return EncodingResult(chosen, had_bom=False, how="strict", notes=(note,))


def _ask_detector(sample: bytes, complete: bool) -> EncodingResult:
    import chardet  # imported late: only files no strict decoding accepts pay for it

    guess = chardet.detect(sample)
    name, confidence = guess.get("encoding"), guess.get("confidence") or 0.0
    if guess.get("mime_type") == "application/octet-stream":
        raise TabularError.of("binary_file", kind="binary data")
    if not name or confidence < _DETECTOR_MIN_CONFIDENCE:
        raise TabularError.of("encoding_unknown")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise TabularError.of("encoding_unknown") from None
    if codec in ("shift_jis", "shift_jis_2004", "shift_jisx0213"):
        # These silently turn 髙 into 騠 (anchors-tech §2.4); CP932 already failed strictly.
        raise TabularError.of("encoding_unknown")
    if not _decodes(sample, codec, complete) or not _plausible(_decoded(sample, codec, complete)):
        raise TabularError.of("encoding_unknown")
    note = Note.of("encoding_guessed", codec=codec, confidence=f"{confidence:.2f}")
    return EncodingResult(codec, had_bom=False, how="detector", notes=(note,))


def detect_format(path: str | os.PathLike[str], *, filename: str | None = None) -> str:
    """One of "csv", "tsv", "xlsx", "xls", "json", "geojson", decided from the content.

    The file name (``filename``, else ``path``) only breaks ties the content leaves open.
    Raises ``TabularError`` for empty, binary and unsupported files.
    """
    with _open_binary(path) as handle:
        head = handle.read(8192)
    if not head.strip(b" \t\r\n\x0c" + codecs.BOM_UTF8):
        raise TabularError.of("empty_file")
    if head.startswith(_ZIP_SIGNATURES):
        return _zip_format(path)
    if head.startswith(_OLE_SIGNATURE):
        return "xls"
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise TabularError.of("binary_file", kind=kind)
    encoding = detect_encoding(path)
    try:
        text = _decoded(head, encoding.codec, complete=len(head) < 8192)
    except UnicodeDecodeError as error:  # mixed encodings within the first lines
        line = head[: error.start].count(b"\n") + 1
        raise TabularError.of("decode_error", row=line, line=line, codec=encoding.codec) from None
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        raise TabularError.of("empty_file")
    extension = extension_format(filename or os.fspath(path))
    if text[0] in "[{" or extension in ("json", "geojson"):
        if extension == "geojson" or re.search(r'"type"\s*:\s*"FeatureCollection"', text):
            return "geojson"
        return "json"
    return "tsv" if detect_delimiter(text, prefer_tab=extension == "tsv") == "\t" else "csv"


def extension_format(name: str) -> str | None:
    """The format a file name's extension claims, if it is one we know."""
    return _EXTENSION_FORMATS.get(Path(name).suffix.lower())


def _zip_format(path: str | os.PathLike[str]) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TabularError.of("spreadsheet_unreadable", detail=str(exc)) from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise TabularError.of("unsupported_format", kind="Excel binary (xlsb)")
        return "xlsx"
    if "mimetype" in names and "content.xml" in names:
        raise TabularError.of("unsupported_format", kind="OpenDocument")
    raise TabularError.of("binary_file", kind="ZIP")


_DELIMITERS = (",", "\t", ";", "|")


def detect_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """The delimiter that splits the sample's lines into the most consistent number of fields.

    Title and footnote rows have one field whatever the delimiter, so they do not vote.
    """
    lines = text[:65536].splitlines()
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end in the middle of a line
    order = ("\t", ",", ";", "|") if prefer_tab else _DELIMITERS
    best, best_score = order[0] if prefer_tab else ",", 0.0
    for delimiter in order:
        try:
            widths = [len(row) for row in csv.reader(lines[:200], delimiter=delimiter)]
        except csv.Error:  # a field over csv's size limit: not this delimiter's problem to judge
            continue
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = count / len(lines) + (0.001 * min(width, 100))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_binary(path: str | os.PathLike[str]):
    try:
        return open(path, "rb")
    except OSError as exc:
        raise TabularError.of("file_unreadable", detail=exc.strerror or str(exc)) from None
