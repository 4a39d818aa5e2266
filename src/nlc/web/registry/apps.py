from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nlc.web.registry"
    label = "registry"
    verbose_name = "Registry: organisations, people, networks"
