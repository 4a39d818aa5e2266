"""The data version (nlc.web.cache): one row the database itself changes with every write to
the tables that derived documents are built from (registry, ties, learning), by triggers, so
that bulk imports, ``QuerySet.update`` and raw SQL change it as saves do.

The new value is random on SQLite and the next value of a sequence on PostgreSQL, never the
old value plus one: a transaction that is rolled back must not leave a value that a later,
different change could reach again (and find documents cached for the abandoned data).
"""

from django.core.management import call_command
from django.db import migrations

from nlc.web.cache import version_table, version_triggers

APPS = ("registry", "ties", "learning")
TABLE = "nlc_data_version"
DERIVED = "nlc_derived_cache"


def _tables(apps) -> list[str]:
    return sorted(m._meta.db_table for app in APPS for m in apps.get_app_config(app).get_models())


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in version_table(vendor) + version_triggers(vendor, _tables(apps)):
        schema_editor.execute(statement)
    # The table of settings.CACHES["derived"] (also made by ``createcachetable`` at start).
    call_command("createcachetable", DERIVED, database=schema_editor.connection.alias)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {DERIVED}")
    if schema_editor.connection.vendor == "postgresql":
        for table in _tables(apps):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "nlc_dv_{table}" ON "{table}"')
        schema_editor.execute("DROP FUNCTION IF EXISTS nlc_bump_data_version()")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {TABLE}_seq")
        return
    for table in _tables(apps):
        for op in ("insert", "update", "delete"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "nlc_dv_{table}_{op}"')
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_person_hide_contact"),
        ("ties", "0005_tie_list_indexes"),
        ("learning", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
