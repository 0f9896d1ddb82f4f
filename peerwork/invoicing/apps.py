from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "peerwork.invoicing"
    label = "invoicing"
    verbose_name = _("Invoices")

    def ready(self) -> None:
        from peerwork.core.demo import builders

        from . import demo

        builders.register("invoicing", demo.build, order=65)  # after shifts (50) and pay (60)
