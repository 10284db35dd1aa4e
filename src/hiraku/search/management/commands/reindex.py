from django.core.management.base import BaseCommand

from hiraku.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the catalog (in one transaction)."

    def handle(self, *args, **options):
        report = rebuild()
        self.stdout.write(
            f"検索インデックスを再構築しました: {report.datasets} 件 ({report.seconds:.1f} 秒) / "
            f"Search index rebuilt: {report.datasets} datasets in {report.seconds:.1f} s."
        )
