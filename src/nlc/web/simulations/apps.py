from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    name = "nlc.web.simulations"
    label = "simulations"
