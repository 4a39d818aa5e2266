"""The interactive maps and the JSON they draw."""

from django.urls import path

from nlc.web.maps import views
from nlc.web.routes import network_page

urlpatterns = [
    network_page("map", views.network_map),
    path("networks/<int:pk>/map/data/", views.network_map_data, name="network-map-data"),
    path("area/map/", views.area_map, name="area-map"),
    path("area/map/data/", views.area_map_data, name="area-map-data"),
]
