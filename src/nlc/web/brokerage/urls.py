"""The area's brokerage page, its actions, and a network's Brokerage section."""

from django.urls import path

from nlc.web.brokerage import views
from nlc.web.routes import actions, network_page

B = "brokerage/"

urlpatterns = [
    path(B, views.home, name="brokerage-home"),
    *actions(B, views, "brokerage", "act", "resources", "brokers", view="{verb}"),
    path(f"{B}introductions/<int:pk>/", views.advance, name="brokerage-advance"),
    path(f"{B}effect/", views.effect_page, name="brokerage-effect"),
    path(f"{B}resources/<int:pk>/delete/", views.delete_resource, name="brokerage-resource-delete"),
    network_page("brokerage", views.network_brokerage),
]
