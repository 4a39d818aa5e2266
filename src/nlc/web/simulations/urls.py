"""The simulation page of a network."""

from django.urls import path

from nlc.web.simulations import views

urlpatterns = [
    path("networks/<int:pk>/simulate/", views.network_simulate, name="network-simulate"),
]
