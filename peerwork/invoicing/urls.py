from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("<int:pk>/", views.invoice, name="invoice"),
    path("<int:pk>/pdf/", views.invoice_download, name="invoice_pdf"),
    path("tax/", views.tax_settings, name="settings"),
]
