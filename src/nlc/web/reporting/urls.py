"""The network's report (a workspace section and its downloads) and the area's."""

from django.urls import path

from nlc.web.reporting import views
from nlc.web.routes import network_page

urlpatterns = [
    network_page("report", views.network_report_page, name="network-report-page"),
    path(
        "networks/<int:pk>/report/<str:fmt>/",
        views.network_report_file,
        name="network-report-file",
    ),
    path("areas/<int:pk>/report/<str:fmt>/", views.area_report_file, name="area-report-file"),
]
