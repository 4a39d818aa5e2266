from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "nlc.web.exports"
    label = "exports"
