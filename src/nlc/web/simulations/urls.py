"""The simulation page of a network."""

from nlc.web.routes import network_page
from nlc.web.simulations import views

urlpatterns = [
    network_page("simulate", views.network_simulate),
]
