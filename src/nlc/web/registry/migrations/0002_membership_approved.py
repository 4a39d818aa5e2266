"""Memberships get an approval by an area administrator (hardening issue #9, finding 2).

New memberships are pending unless an area administrator adds them; memberships that exist
already are approved, since nothing recorded who added them and their networks' leaders have
been working with those organisations' people.
"""

from django.db import migrations, models


def approve_existing(apps, schema_editor):
    Membership = apps.get_model("registry", "Membership")
    Membership.objects.update(approved=True)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="approved",
            field=models.BooleanField(
                default=False,
                help_text="Until an area administrator approves the membership, the "
                "network's leaders and facilitators see the organisation's people's contact "
                "details and pupils' names only for people who hold a role in the network.",
                verbose_name="approved by an area administrator",
            ),
        ),
        migrations.RunPython(approve_existing, migrations.RunPython.noop),
    ]
