"""Fatal errors and non-fatal notes about a table file, each in Japanese and English.

Every message lives in ``MESSAGES`` under a stable ``code`` so reports can count and group
them, and so no message can exist in one language only (a test checks both have the same
placeholders).
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> (Japanese template, English template); placeholders are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- fatal: the file cannot be read as a table ---------------------------------------
    "file_unreadable": (
        "ファイルを開けませんでした（{detail}）。",
        "The file could not be opened ({detail}).",
    ),
    "empty_file": (
        "ファイルが空です。",
        "The file is empty.",
    ),
    "binary_file": (
        "表のファイルではありません（{kind}）。CSV・TSV・Excel・JSON・GeoJSON を指定してください。",
        "This is not a table file ({kind}). Please upload CSV, TSV, Excel, JSON or GeoJSON.",
    ),
    "unsupported_format": (
        "この形式（{kind}）は読み込めません。Excel（xlsx）か CSV で保存し直してください。",
        "This format ({kind}) cannot be read. Please save it as Excel (xlsx) or CSV.",
    ),
    "encoding_unknown": (
        "文字コードを判定できません。UTF-8・Shift_JIS（CP932）"
        "・EUC-JP のどれでも正しく読めませんでした。"
        "UTF-8 で保存し直してください。",
        "The character encoding could not be determined: the file is not valid UTF-8, "
        "Shift_JIS (CP932) or EUC-JP. Please save it as UTF-8.",
    ),
    "decode_error": (
        "{line}行目に {codec} として読めないバイトがあります。"
        "文字コードが混在している可能性があります。",
        "Line {line} has bytes that are not valid {codec}; the file may mix character encodings.",
    ),
    "decode_error_unlocated": (
        "{codec} として読めないバイトがあります。文字コードが混在している可能性があります。",
        "The file has bytes that are not valid {codec}; it may mix character encodings.",
    ),
    "too_many_columns": (
        "列が多すぎます（{count}列、上限は{limit}列）。",
        "The table has too many columns ({count}; the limit is {limit}).",
    ),
    "line_too_long": (
        "{line}行目が長すぎます（{limit}文字を超えています）"
        "。改行のないファイルか、表ではないファイルです。",
        "Line {line} is too long (over {limit} characters): the file has no line breaks "
        "or is not a table.",
    ),
    "field_too_large": (
        "{line}行目から始まるセルが大きすぎます（{limit}文字を超えています）。"
        '引用符（"）が閉じられていない可能性があります。',
        "The cell starting on line {line} is too large (over {limit} characters); "
        'a quote (") may not be closed.',
    ),
    "csv_malformed": (
        "{line}行目を CSV として読めません（{detail}）。",
        "Line {line} cannot be read as CSV ({detail}).",
    ),
    "archive_too_large": (
        "Excel ファイルの中身が大きすぎるか、"
        "圧縮率が異常です（{member}: {size} バイト、上限 {limit} バイト）。",
        "The Excel file expands too much or is compressed suspiciously "
        "({member}: {size} bytes, limit {limit} bytes).",
    ),
    "file_too_large": (
        "ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。",
        "The file is too large ({size} bytes; the limit is {limit} bytes).",
    ),
    "spreadsheet_unreadable": (
        "Excel ファイルを読めませんでした（{detail}）"
        "。ファイルが壊れているか、パスワードで保護されています。",
        "The spreadsheet could not be read ({detail}); it is damaged or password-protected.",
    ),
    "sheet_not_found": (
        "シート「{sheet}」がありません。あるシート: {available}",
        "There is no sheet named '{sheet}'. Sheets in the file: {available}",
    ),
    "no_table_in_workbook": (
        "どのシートにも表が見つかりません。",
        "No sheet in the workbook holds a table.",
    ),
    "json_invalid": (
        "JSON として読めません（{detail}）。",
        "The file is not valid JSON ({detail}).",
    ),
    "json_not_table": (
        "JSON の形が表ではありません。"
        "オブジェクトの配列か GeoJSON の FeatureCollection を指定してください。",
        "The JSON is not a table: expected an array of objects or a GeoJSON FeatureCollection.",
    ),
    # --- notes: observations the publisher should see, reading goes on ------------------
    "encoding_guessed": (
        "文字コードを推定しました（{codec}、確からしさ {confidence}）"
        "。プレビューで文字化けがないか確認してください。",
        "The character encoding was guessed ({codec}, confidence {confidence}); "
        "please check the preview for garbled text.",
    ),
    "encoding_ambiguous": (
        "{chosen} と {other} のどちらでも読めましたが、日本語として自然な {chosen} を選びました。",
        "The file decodes as both {chosen} and {other}; {chosen} reads as Japanese and was chosen.",
    ),
    "extension_mismatch": (
        "ファイル名の拡張子（{extension}）"
        "と中身（{format}）が違います。中身に従って読み込みました。",
        "The file name extension ({extension}) does not match the content ({format}); "
        "the content was followed.",
    ),
    "metadata_rows": (
        "「#」で始まるメタデータ行を{count}行読み取りました（{keys}）。",
        "Read {count} metadata rows starting with '#' ({keys}).",
    ),
    "header_from_property_row": (
        "{row}行目の「#property」行を見出しとして使いました。",
        "The '#property' row on line {row} was used as the header.",
    ),
    "title_row_skipped": (
        "見出しの上の表題行を読み飛ばしました: 「{text}」",
        "Skipped a title row above the header: '{text}'",
    ),
    "preamble_row_skipped": (
        "見出しの上の行を読み飛ばしました: 「{text}」",
        "Skipped a row above the header: '{text}'",
    ),
    "blank_row_skipped": (
        "空行を読み飛ばしました。",
        "Skipped a blank row.",
    ),
    "header_joined": (
        "{rows}行目の複数行の見出しを「_」でつなぎました（例: {example}）。",
        "Joined the multi-row header on lines {rows} with '_' (for example {example}).",
    ),
    "header_not_found": (
        "見出し行が見つからないため、列名を「列1」「列2」… としました。",
        "No header row was found; the columns were named 列1, 列2, …",
    ),
    "header_empty_named": (
        "{position}列目の見出しが空なので「{name}」としました。",
        "Column {position} has no header; it was named '{name}'.",
    ),
    "header_duplicate_renamed": (
        "見出し「{original}」が重複しているので「{name}」としました。",
        "The header '{original}' is duplicated; this one was renamed '{name}'.",
    ),
    "header_cleaned": (
        "見出し「{original}」の改行や前後の空白を取り除き「{name}」としました。",
        "Removed line breaks and surrounding spaces from the header '{original}': '{name}'.",
    ),
    "row_padded": (
        "セルが{count}個しかないため、空のセルで{width}列に揃えました。",
        "The row has only {count} cells; it was padded with empty cells to {width} columns.",
    ),
    "row_truncated": (
        "見出しより右にある値{count}個を読み捨てました（最初の値: 「{text}」）。",
        "Dropped {count} values to the right of the last header column (first: '{text}').",
    ),
    "footnote_row": (
        "表の下の注記行を読み飛ばしました: 「{text}」",
        "Skipped a footnote row below the table: '{text}'",
    ),
    "merged_cells_filled": (
        "結合セル{count}個の値を、結合範囲のすべてのセルに入れました。",
        "Copied the value of {count} merged cells into every cell of their range.",
    ),
    "no_data_rows": (
        "見出しだけで、データ行がありません。",
        "The file has a header but no data rows.",
    ),
    "sheet_chosen": (
        "シート「{sheet}」を読み込みました（ほかのシート: {others}）。",
        "Read the sheet '{sheet}' (other sheets: {others}).",
    ),
    "geometry_not_point": (
        "点（Point）でない地物の位置は緯度・経度に入れていません（{kind}）。",
        "The location of a feature that is not a Point "
        "was left out of latitude/longitude ({kind}).",
    ),
    "nested_value": (
        "列「{name}」の入れ子の値を JSON 文字列にしました。",
        "Nested values in column '{name}' were written as JSON text.",
    ),
    # --- normalization and typing (pass over the values) ------------------------------
    "type_mismatch": (
        "「{column}」列は{type:ja}ですが、「{value}」は{type:ja}として読めないため空欄にしました"
        "（元のファイルはそのまま保存されています）。",
        "Column '{column}' holds {type:en}, but '{value}' is not one; it was stored as "
        "empty (the original file is kept as it was).",
    ),
    "impossible_date": (
        "「{column}」列の「{value}」はありえない日付です。空欄にしました。",
        "'{value}' in column '{column}' is not a real date; it was stored as empty.",
    ),
    "impossible_time": (
        "「{column}」列の「{value}」はありえない時刻です。空欄にしました。",
        "'{value}' in column '{column}' is not a real time; it was stored as empty.",
    ),
    "suppressed_value": (
        "「{column}」列の「{value}」は秘匿を表す記号として空欄にしました。",
        "'{value}' in column '{column}' marks a suppressed figure; it was stored as empty.",
    ),
    "ambiguous_dates": (
        "「{column}」列の日付（例：{value}）は月/日/年か日/月/年か判断できないため、文字列のままにしました。",
        "The dates in column '{column}' (e.g. {value}) could be month/day or day/month; "
        "they were kept as text.",
    ),
    "line_break_in_cell": (
        "「{column}」列のセルに改行が含まれています。",
        "A cell in column '{column}' contains a line break.",
    ),
    "latlon_swapped": (
        "緯度と経度が入れ替わっていたため、入れ替えて保存しました（{lat}, {lon}）。",
        "Latitude and longitude were swapped; they were stored the right way round ({lat}, {lon}).",
    ),
    "coordinate_outside_japan": (
        "「{column}」列の座標（{value}）が日本の範囲外です。",
        "The coordinate in column '{column}' ({value}) is outside Japan.",
    ),
    "column_typed": (
        "「{column}」列を{type:ja}として読み込みました（{fit}% の値が該当）。",
        "Column '{column}' was loaded as {type:en} ({fit}% of the values fit).",
    ),
    "type_override_applied": (
        "「{column}」列はデータ辞書の指定により{type:ja}として読み込みました。",
        "Column '{column}' was loaded as {type:en}, as set in the data dictionary.",
    ),
    "mostly_typed": (
        "「{column}」列は値の{fit}%が{type:ja}ですが、「{value}」など合わない値があるため"
        "文字列のまま読み込みました。",
        "{fit}% of the values in column '{column}' are {type:en}, but some are not "
        "(e.g. '{value}'), so the column was loaded as text.",
    ),
    "mixed_units": (
        "「{column}」列に単位の違う値があります（{units}）。単位を外した数だけを保存しています。",
        "Column '{column}' mixes units ({units}); only the numbers were stored, without units.",
    ),
    "lgcode_invalid": (
        "「{column}」列の「{value}」は正しい全国地方公共団体コードではありません（検査数字が違うか、桁数が違います）。",
        "'{value}' in column '{column}' is not a valid local government code (wrong check "
        "digit or length).",
    ),
    "output_is_input": (
        "出力先が入力ファイルと同じです。元のファイルは上書きしません。別の名前を指定してください。",
        "The output is the input file itself; the original is never overwritten. "
        "Please give another name.",
    ),
    "unexpected_error": (
        "予期しないエラーで処理を中止しました（{kind}）。ファイルはそのまま残っています。",
        "An unexpected error stopped the work ({kind}). The file was left as it was.",
    ),
    "more_notes": (
        "同じ種類の注意（{kind}）がほかに{count}件あります。",
        "There are {count} more notes of the same kind ({kind}).",
    ),
}


def _render(code: str, params: dict[str, object]) -> tuple[str, str]:
    ja, en = MESSAGES[code]
    return ja.format(**params), en.format(**params)


def _with_row(row: int | None, params: dict[str, object]) -> dict[str, object]:
    return {"row": row, **params}


class TabularError(Exception):
    """The file cannot be read as a table; carries a stable ``code`` and both messages.

    ``row`` is the 1-based line (CSV) or sheet row (Excel) the problem was found on, if any.
    """

    def __init__(self, code: str, message_ja: str, message_en: str, row: int | None = None):
        super().__init__(message_en)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en
        self.row = row

    @classmethod
    def of(cls, code: str, row: int | None = None, **params: object) -> TabularError:
        """Build the error from the message catalog."""
        ja, en = _render(code, _with_row(row, params))
        return cls(code, ja, en, row)


@dataclass(frozen=True)
class Note:
    """A non-fatal observation, with the line/sheet row and column it concerns when known."""

    code: str
    message_ja: str
    message_en: str
    row: int | None = None
    column: str | None = None

    @classmethod
    def of(
        cls, code: str, row: int | None = None, column: str | None = None, **params: object
    ) -> Note:
        """Build the note from the message catalog ({column} is available to templates)."""
        ja, en = _render(code, _with_row(row, {"column": column, **params}))
        return cls(code, ja, en, row, column)


def shorten(text: str, limit: int = 40) -> str:
    """Cut cell text quoted in a message, so one huge cell cannot flood a report."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
