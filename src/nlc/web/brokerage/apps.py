from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "nlc.web.brokerage"
    label = "brokerage"
    verbose_name = "Brokerage"

    def ready(self):
        from nlc.web.brokerage import access
        from nlc.web.workspace import Link, register_link

        register_link(
            Link("brokerage", "Brokerage", "brokerage-home", order=45, visible=access.may_broker)
        )
