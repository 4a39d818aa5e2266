from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nlc.web.registry"
    label = "registry"
    verbose_name = "Registry: organisations, people, networks"

    def ready(self):
        from nlc.web.workspace import Link, Section, register_link, register_section

        register_section(
            Section(
                "overview",
                "Overview",
                "network-detail",
                order=0,
                summary="The network's key figures and what they mean.",
            )
        )
        register_section(
            Section(
                "members",
                "Members and roles",
                "network-members",
                order=20,
                summary="The member organisations and the people with a role in the network.",
            )
        )
        register_section(
            Section(
                "analysis",
                "Analysis",
                "network-analysis",
                order=30,
                summary="Bridging and bonding, brokers, structural holes, centralisation, "
                "communities, and how they changed between two dates.",
            )
        )
        register_link(Link("dashboard", "Dashboard", "dashboard", order=0))
        register_link(Link("networks", "Networks", "network-list", order=10))
        register_link(Link("organisations", "Organisations", "organisation-list", order=20))
        register_link(Link("people", "People", "person-list", order=30))
        register_link(
            Link("admin", "Admin", "admin:index", order=90, visible=lambda user: user.is_staff)
        )
