from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "nlc.web.maps"
    label = "maps"

    def ready(self):
        from nlc.web.maps.views import can_view_own_area
        from nlc.web.workspace import Link, Section, register_link, register_section

        register_section(
            Section(
                "map",
                "Map",
                "network-map",
                order=10,
                summary="Who is tied to whom: filter by tie type, kind and date; find a name.",
            )
        )
        register_link(Link("area-map", "Area map", "area-map", order=40, visible=can_view_own_area))
