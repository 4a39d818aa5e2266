"""Exports of networks and areas, and the network report as a file."""

from django.urls import path

from nlc.web.exports import views
from nlc.web.routes import network_page

urlpatterns = [
    network_page("export", views.network_export),
    path("networks/<int:pk>/report.html", views.network_report, name="network-report"),
    path("areas/<int:pk>/export/", views.area_export, name="area-export"),
]
