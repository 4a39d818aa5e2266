"""``nlc manage rebuild_knowledge_index``: rebuild the knowledge search index from the items."""

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Rebuild the knowledge search index (texts, vectors, token weights) from every item."

    def handle(self, *args, **options):
        from nlc.web.knowledge.index import rebuild

        with transaction.atomic():
            count = rebuild()
        self.stdout.write(f"indexed {count} knowledge item{'s' if count != 1 else ''}")
