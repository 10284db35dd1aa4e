# ruff: noqa: E501 - data: long Japanese descriptions read better unwrapped
"""The demo municipality's catalog, as data: real files from 焼津市 and 高松市.

The grouping of 焼津市's datasets into three organizations is the demo's own (the city
publishes them under one account); titles and descriptions say what the files hold.
"""

from __future__ import annotations

YAIZU_SOURCE = "https://github.com/yaizu-city/opendata"
TAKAMATSU_SOURCE = "https://github.com/takamatsu-city/opendata"

_YAIZU_NOTE = (
    "\n\n焼津市が GitHub（yaizu-city/opendata）で公開しているファイルをそのまま掲載しています。"
    "デモのため、組織の区分は Hiraku が設けたものです。"
)
_YAIZU_NOTE_EN = (
    "\n\nThe file is published by Yaizu City on GitHub (yaizu-city/opendata) and shown here "
    "unchanged. The grouping into organizations is the demo's own."
)
_TAKAMATSU_NOTE = (
    "\n\n高松市が GitHub（takamatsu-city/opendata）で公開しているファイルをそのまま掲載しています。"
)
_TAKAMATSU_NOTE_EN = (
    "\n\nThe file is published by Takamatsu City on GitHub (takamatsu-city/opendata) and shown "
    "here unchanged."
)

ORGANIZATIONS = [
    {
        "name": "yaizu",
        "title": "焼津市",
        "title_en": "Yaizu City",
        "description": "静岡県焼津市。デモ用の親組織です。",
        "description_en": "Yaizu City, Shizuoka. Parent organization in the demo.",
    },
    {
        "name": "yaizu-bosai",
        "title": "焼津市 防災・消防",
        "title_en": "Yaizu City: Disaster Prevention",
        "parent": "yaizu",
        "description": "AED、避難場所、消防水利など、防災に関するデータ。",
        "description_en": "AEDs, evacuation sites, fire-fighting water supplies.",
    },
    {
        "name": "yaizu-kosodate",
        "title": "焼津市 子育て・教育",
        "title_en": "Yaizu City: Childcare and Education",
        "parent": "yaizu",
        "description": "幼稚園・保育所などの子育て施設と図書館のデータ。",
        "description_en": "Kindergartens, nurseries and libraries.",
    },
    {
        "name": "yaizu-shisetsu",
        "title": "焼津市 施設・観光",
        "title_en": "Yaizu City: Facilities and Tourism",
        "parent": "yaizu",
        "description": "公共施設、公衆トイレ、公衆無線LAN、観光スポットのデータ。",
        "description_en": "Public facilities, toilets, public Wi-Fi and sights.",
    },
    {
        "name": "takamatsu",
        "title": "高松市",
        "title_en": "Takamatsu City",
        "description": "香川県高松市。",
        "description_en": "Takamatsu City, Kagawa.",
    },
]


def _yaizu(name, title, title_en, notes, notes_en, file, org, tags, themes, **extra):
    return {
        "name": name,
        "title": title,
        "title_en": title_en,
        "notes": notes + _YAIZU_NOTE,
        "notes_en": notes_en + _YAIZU_NOTE_EN,
        "organization": org,
        "license": "pdl-1.0",
        "tags": tags,
        "themes": themes,
        "spatial": "222127",
        "url": YAIZU_SOURCE,
        "author": "焼津市",
        "file": file,
        **extra,
    }


def _takamatsu(name, title, title_en, notes, notes_en, file, tags, themes, **extra):
    return {
        "name": name,
        "title": title,
        "title_en": title_en,
        "notes": notes + _TAKAMATSU_NOTE,
        "notes_en": notes_en + _TAKAMATSU_NOTE_EN,
        "organization": "takamatsu",
        "license": "cc-by-4.0",
        "tags": tags,
        "themes": themes,
        "spatial": "372013",
        "url": TAKAMATSU_SOURCE,
        "author": "高松市",
        "file": file,
        **extra,
    }


DATASETS = [
    _yaizu(
        "yaizu-aed",
        "AED設置箇所一覧（焼津市）",
        "AED locations (Yaizu)",
        "市内の公共施設などに設置された AED（自動体外式除細動器）の設置場所、設置位置、電話番号、"
        "小児対応の有無。推奨データセットの旧様式（都道府県コード又は市区町村コード, NO, …）です。",
        "Where automated external defibrillators are installed in Yaizu, with the exact "
        "position, phone number and paediatric support. Legacy recommended-dataset layout.",
        "yaizu_222127_aed.csv",
        "yaizu-bosai",
        ["AED", "防災", "救急", "医療"],
        ["social-security"],
        conforms_to="aed",
        update_frequency="irregular",
    ),
    _yaizu(
        "yaizu-evacuation-space",
        "指定緊急避難場所一覧（焼津市）",
        "Designated emergency evacuation sites (Yaizu)",
        "津波避難タワーなど指定緊急避難場所の名称、所在地、緯度経度と、対象となる災害種別"
        "（洪水、地震、津波など）。災害種別は ○ で示されています。",
        "Designated emergency evacuation sites such as tsunami towers, with their location "
        "and the kinds of disaster each one serves (marked with ○).",
        "yaizu_222127_evacuation_space.csv",
        "yaizu-bosai",
        ["避難場所", "防災", "津波", "地震"],
        ["justice-safety-environment"],
        conforms_to="evacuation-space",
    ),
    _yaizu(
        "yaizu-fire-hydrant",
        "消防水利施設一覧（焼津市）",
        "Fire-fighting water supplies (Yaizu)",
        "防火水そう・井戸などの消防水利施設の種別、所在地、緯度経度。自治体標準オープンデータセット"
        "の現行様式です。",
        "Fire cisterns and wells used by the fire service, with type and location. Current "
        "municipal standard open dataset layout.",
        "yaizu_222127_fire_hydrant.csv",
        "yaizu-bosai",
        ["消防水利", "防災", "消防"],
        ["justice-safety-environment"],
        conforms_to="fire-hydrant",
    ),
    _yaizu(
        "yaizu-preschool",
        "子育て施設一覧（焼津市）",
        "Childcare facilities (Yaizu)",
        "市内の幼稚園・保育所・認定こども園などの種別、所在地、電話番号、収容定員、受入年齢、"
        "開所時間。",
        "Kindergartens, nurseries and centres for early childhood education in Yaizu, with "
        "capacity, accepted ages and opening hours.",
        "yaizu_222127_preschool.csv",
        "yaizu-kosodate",
        ["子育て", "保育所", "幼稚園", "こども園"],
        ["social-security", "education-culture"],
        conforms_to="preschool",
    ),
    _yaizu(
        "yaizu-library",
        "図書館一覧（焼津市）",
        "Libraries (Yaizu)",
        "市立図書館の所在地、緯度経度、開館時間と休館日（特記事項欄に記載）。",
        "Yaizu's public libraries with location, opening hours and closing days (in the "
        "notes column).",
        "yaizu_222127_library.csv",
        "yaizu-kosodate",
        ["図書館", "公共施設", "教育"],
        ["education-culture"],
        conforms_to="public-facility",
    ),
    _yaizu(
        "yaizu-public-facility",
        "公共施設一覧（焼津市）",
        "Public facilities (Yaizu)",
        "市の公共施設（庁舎、公民館、駐車場、広場など）の名称、所在地、緯度経度、担当課、開館時間。",
        "Yaizu's public facilities (offices, community halls, car parks, plazas) with "
        "location, responsible section and opening hours.",
        "yaizu_222127_public_facility-59773.csv",
        "yaizu-shisetsu",
        ["公共施設", "施設"],
        ["housing-land"],
        conforms_to="public-facility",
    ),
    _yaizu(
        "yaizu-public-toilet",
        "公衆トイレ一覧（焼津市）",
        "Public toilets (Yaizu)",
        "公衆トイレの所在地、便器の数（男性・女性・共用、和式・洋式）、バリアフリートイレ、"
        "乳幼児用設備、オストメイト対応の有無。自治体標準オープンデータセットの現行様式です。",
        "Public toilets with the number of fixtures, accessible toilets, baby facilities and "
        "ostomate support. Current standard layout.",
        "yaizu_222127_public_toilet.csv",
        "yaizu-shisetsu",
        ["公衆トイレ", "バリアフリー", "観光"],
        ["housing-land", "transport-tourism"],
        conforms_to="public-toilet",
    ),
    _yaizu(
        "yaizu-public-wireless-lan",
        "公衆無線LANアクセスポイント一覧（焼津市）",
        "Public Wi-Fi access points (Yaizu)",
        "市の施設で使える公衆無線LAN（Wi-Fi）の設置場所と SSID。",
        "Where free public Wi-Fi is available in city facilities, with the SSID.",
        "yaizu_222127_public_wireless_lan.csv",
        "yaizu-shisetsu",
        ["Wi-Fi", "無線LAN", "公共施設"],
        ["information-science"],
        conforms_to="public-wireless-lan",
    ),
    _yaizu(
        "yaizu-tourism-sights",
        "体験・見どころ（焼津市）",
        "Sights and experiences (Yaizu)",
        "焼津市の観光スポット・体験施設の説明、所在地、連絡先、バリアフリー情報。観光施設一覧の"
        "旧様式に独自の列を加えたものです。",
        "Sights and hands-on experiences in Yaizu with descriptions, location, contacts and "
        "accessibility. The tourism layout plus local columns.",
        "yaizu_222127_tourism_sights.csv",
        "yaizu-shisetsu",
        ["観光", "見どころ", "体験"],
        ["transport-tourism"],
        conforms_to="tourism",
    ),
    _takamatsu(
        "takamatsu-aed",
        "AED設置箇所一覧（高松市 2023年2月）",
        "AED locations (Takamatsu, February 2023)",
        "高松市内の AED 設置場所と緯度経度（1つのセルに「緯度,経度」）。ファイル先頭に LinkData 形式の"
        "メタデータ行（#license など）があり、ファイル自身は CC BY 3.0 と表示しています。",
        "AED locations in Takamatsu. The file starts with LinkData metadata rows; its own "
        "#license row says CC BY 3.0.",
        "takamatsu_0002_aed_2023-02.csv",
        ["AED", "防災", "救急"],
        ["social-security"],
        update_frequency="irregular",
    ),
    _takamatsu(
        "takamatsu-population-2023-05",
        "地域・年齢別人口（高松市 2023年5月1日現在）",
        "Population by area and age (Takamatsu, 1 May 2023)",
        "町丁別・5歳階級別の男女別人口と世帯数（令和5年5月1日現在）。文字コードは Shift_JIS（CP932）、"
        "見出しは英語です。",
        "Population by neighbourhood, five-year age band and sex, and households, as of "
        "1 May 2023. CP932 (Shift_JIS) file with English headers.",
        "takamatsu_0066_202305_population.csv",
        ["人口", "世帯", "統計", "年齢別人口"],
        ["population"],
        conforms_to="population",
        update_frequency="monthly",
        temporal_start="2023-05-01",
        temporal_end="2023-05-01",
    ),
    _takamatsu(
        "takamatsu-public-toilet",
        "公衆トイレ一覧（高松市）",
        "Public toilets (Takamatsu)",
        "高松市の公衆トイレの所在地、便器の数、バリアフリー設備、利用時間。見出しは英語（LinkData 形式）です。",
        "Public toilets in Takamatsu with fixtures, accessibility and opening hours. "
        "English (LinkData) headers.",
        "takamatsu_public_toilet_data.csv",
        ["公衆トイレ", "バリアフリー"],
        ["housing-land"],
        conforms_to="public-toilet",
    ),
]

DEMO_PASSWORD = "hiraku-demo"  # noqa: S105 (printed to the developer; refused in production)

USERS = [
    {"username": "admin", "superuser": True, "first_name": "DX推進課 管理者", "memberships": []},
    {
        "username": "bosai",
        "superuser": False,
        "first_name": "防災担当",
        "memberships": [("yaizu-bosai", "editor")],
    },
    {
        "username": "kosodate",
        "superuser": False,
        "first_name": "子育て担当",
        "memberships": [("yaizu-kosodate", "editor")],
    },
    {
        "username": "takamatsu",
        "superuser": False,
        "first_name": "高松市担当",
        "memberships": [("takamatsu", "admin")],
    },
]
