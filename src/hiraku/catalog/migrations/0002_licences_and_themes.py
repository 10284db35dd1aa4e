"""Licences and themes are data: the ones every Japanese municipality needs, editable later."""

from django.db import migrations

LICENCES = [
    {
        "id": "cc-by-4.0",
        "position": 1,
        "title": "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
        "title_en": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "url": "https://creativecommons.org/licenses/by/4.0/deed.ja",
        "attribution": "出典：{publisher}「{title}」（CC BY 4.0）",
        "attribution_en": 'Source: {publisher}, "{title}" (CC BY 4.0)',
    },
    {
        "id": "pdl-1.0",
        "position": 2,
        "title": "公共データ利用規約（第1.0版）（PDL1.0）",
        "title_en": "Public Data License Version 1.0 (PDL1.0)",
        "url": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
        "attribution": "出典：{publisher}「{title}」、PDL1.0"
        "（https://www.digital.go.jp/resources/open_data/public_data_license_v1.0）",
        "attribution_en": 'Source: {publisher}, "{title}", PDL1.0',
    },
    {
        "id": "gov-jp-2.0",
        "position": 3,
        "title": "政府標準利用規約（第2.0版）",
        "title_en": "Government of Japan Standard Terms of Use (Version 2.0)",
        "url": "",
        "attribution": "出典：{publisher}「{title}」",
        "attribution_en": 'Source: {publisher}, "{title}"',
    },
    {
        "id": "cc0-1.0",
        "position": 4,
        "title": "CC0 1.0 全世界 パブリック・ドメイン提供",
        "title_en": "CC0 1.0 Universal Public Domain Dedication",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
        "attribution": "",
        "attribution_en": "",
    },
    {
        "id": "odbl-1.0",
        "position": 5,
        "title": "オープンデータベースライセンス（ODbL）v1.0",
        "title_en": "Open Data Commons Open Database License (ODbL) v1.0",
        "url": "https://opendatacommons.org/licenses/odbl/1-0/",
        "attribution": "出典：{publisher}「{title}」（ODbL 1.0）",
        "attribution_en": 'Source: {publisher}, "{title}" (ODbL 1.0)',
    },
    {
        "id": "other-closed",
        "position": 9,
        "is_open": False,
        "title": "その他（二次利用に制限あり）",
        "title_en": "Other (restricted reuse)",
        "url": "",
        "attribution": "出典：{publisher}「{title}」",
        "attribution_en": 'Source: {publisher}, "{title}"',
    },
]

# e-Stat's 17 statistical fields, the categories e-Gov データポータル also uses.
THEMES = [
    ("land-weather", "国土・気象", "Land and weather"),
    ("population", "人口・世帯", "Population and households"),
    ("labour-wages", "労働・賃金", "Labour and wages"),
    ("agriculture", "農林水産業", "Agriculture, forestry and fisheries"),
    ("mining-manufacturing", "鉱工業", "Mining and manufacturing"),
    ("commerce-services", "商業・サービス業", "Commerce and services"),
    ("economy", "企業・家計・経済", "Businesses, households and the economy"),
    ("housing-land", "住宅・土地・建設", "Housing, land and construction"),
    ("energy-water", "エネルギー・水", "Energy and water"),
    ("transport-tourism", "運輸・観光", "Transport and tourism"),
    ("information-science", "情報通信・科学技術", "Information, communications and science"),
    (
        "education-culture",
        "教育・文化・スポーツ・生活",
        "Education, culture, sports and daily life",
    ),
    ("government-finance", "行財政", "Government and public finance"),
    ("justice-safety-environment", "司法・安全・環境", "Justice, safety and environment"),
    ("social-security", "社会保障・衛生", "Social security and health"),
    ("international", "国際", "International"),
    ("other", "その他", "Other"),
]


def forwards(apps, schema_editor):
    License = apps.get_model("catalog", "License")
    Theme = apps.get_model("catalog", "Theme")
    for spec in LICENCES:
        License.objects.update_or_create(id=spec["id"], defaults=spec)
    for position, (name, title, title_en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            name=name, defaults={"title": title, "title_en": title_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
