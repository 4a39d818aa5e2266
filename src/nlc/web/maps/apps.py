from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "nlc.web.maps"
    label = "maps"
