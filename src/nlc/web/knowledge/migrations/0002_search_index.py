"""The search index's own tables (:mod:`nlc.web.knowledge.index`), created by the search
core beside the app's tables; ``nlc manage rebuild_knowledge_index`` fills them."""

from django.db import migrations


def create_index_tables(apps, schema_editor):
    from nlc.web.knowledge.index import create_tables

    create_tables(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(create_index_tables, migrations.RunPython.noop)]
