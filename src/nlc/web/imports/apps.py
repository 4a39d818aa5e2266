from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "nlc.web.imports"
    label = "imports"

    def ready(self):
        from nlc.web.registry.access import is_area_admin
        from nlc.web.workspace import Link, register_link

        register_link(Link("import", "Import", "import-upload", order=50, visible=is_area_admin))
