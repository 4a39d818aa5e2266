"""Start Django outside a web server (the CLI's web commands)."""

from __future__ import annotations

import os

__all__ = ["setup_django"]


def setup_django() -> None:
    """Configure Django and bring the database up to date (created on first start).

    Besides the migrations, this makes the table of the database cache that all server
    processes share (``settings.CACHES["shared"]``).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlc.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the "shared" cache (settings.CACHES)
