"""Writes to surveys, waves and the ties a wave made change the data version
(:mod:`nlc.web.cache`), so the network page's figures, which include the change between the
latest two closed waves, are cached with them. Invitations and answers, written on every
response, have no triggers: a closed wave's respondents change only when it is closed again
(a withdrawal recomputes it), which writes its wave row."""

from django.db import migrations

from nlc.web.cache import version_triggers

TABLES = ["surveys_survey", "surveys_wave", "surveys_wavetie"]


def create(apps, schema_editor):
    for statement in version_triggers(schema_editor.connection.vendor, TABLES):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "nlc_dv_{table}" ON "{table}"')
            continue
        for op in ("insert", "update", "delete"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "nlc_dv_{table}_{op}"')


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("maps", "0001_data_version")]

    operations = [migrations.RunPython(create, drop)]
