from django.urls import path

from .views import contribution, entry, imports, offshift, reports, stock

app_name = "services"

urlpatterns = [
    path("", entry.home, name="home"),
    path("shifts/<int:shift_id>/log/", entry.entry, name="entry"),
    path("my-contribution/", contribution.mine, name="my_contribution"),
    path("off-shift/", offshift.record, name="offshift"),
    path("sw.js", entry.service_worker, name="service_worker"),
    path("manifest.webmanifest", entry.manifest, name="manifest"),
    path("today/", reports.today, name="today"),
    path("sharps/", reports.sharps, name="sharps"),
    path("overdose-responses/", reports.overdoses, name="overdoses"),
    path("stock/", stock.stock, name="stock"),
    path("stock/receive/", stock.stock_receive_view, name="stock_receive"),
    path("stock/adjust/", stock.stock_adjust_view, name="stock_adjust"),
    path("stock/transfer/", stock.stock_transfer_view, name="stock_transfer"),
    path("stock/alert-level/", stock.stock_threshold_view, name="stock_threshold"),
    path("catalogue/", stock.catalogue, name="catalogue"),
    path("catalogue/<int:item_id>/toggle/", stock.catalogue_toggle, name="catalogue_toggle"),
    path("import/", imports.import_page, name="import"),
    path("import/<int:job_id>/", imports.import_status, name="import_status"),
]
