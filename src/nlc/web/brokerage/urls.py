"""The area's brokerage page, its actions, and a network's Brokerage section."""

from django.urls import path

from nlc.web.brokerage import views

urlpatterns = [
    path("brokerage/", views.home, name="brokerage-home"),
    path("brokerage/act/", views.act, name="brokerage-act"),
    path("brokerage/introductions/<int:pk>/", views.advance, name="brokerage-advance"),
    path("brokerage/effect/", views.effect_page, name="brokerage-effect"),
    path("brokerage/resources/", views.resources, name="brokerage-resources"),
    path(
        "brokerage/resources/<int:pk>/delete/",
        views.delete_resource,
        name="brokerage-resource-delete",
    ),
    path("brokerage/brokers/", views.brokers, name="brokerage-brokers"),
    path("networks/<int:pk>/brokerage/", views.network_brokerage, name="network-brokerage"),
]
