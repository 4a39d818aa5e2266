"""The JSON API (django-ninja), mounted at /api/; OpenAPI docs at /api/docs."""

from django.urls import path

from nlc.web.api import api

urlpatterns = [path("", api.urls)]
