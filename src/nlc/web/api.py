"""JSON API for the registry and ties (django-ninja). Endpoints are added per domain."""

from ninja import NinjaAPI
from ninja.security import django_auth

# Cookie (session) authentication; ninja then enforces CSRF on unsafe methods.
api = NinjaAPI(title="NLC API", version="1", auth=django_auth, docs_url="/docs")
