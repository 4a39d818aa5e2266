"""WSGI entry point: ``nlc serve`` runs it with waitress or Django's server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlc.web.settings")
application = get_wsgi_application()
