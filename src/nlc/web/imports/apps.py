from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "nlc.web.imports"
    label = "imports"
