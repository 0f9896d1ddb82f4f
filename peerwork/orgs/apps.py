from django.apps import AppConfig

from peerwork.core.demo import builders


class OrgsConfig(AppConfig):
    name = "peerwork.orgs"
    label = "orgs"

    def ready(self) -> None:
        from . import demo

        builders.register("orgs", demo.build, order=10)
