from django.apps import AppConfig


class TiesConfig(AppConfig):
    name = "nlc.web.ties"
    label = "ties"
    verbose_name = "Ties"
