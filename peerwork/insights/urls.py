from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh", views.rollups_refresh_now, name="refresh"),
    path("reports/", views.reports, name="reports"),
    path("reports/templates/new", views.report_template_new, name="report_template_new"),
    path("reports/templates/<int:template_id>/", views.report_template_edit, name="report_template_edit"),
    path("reports/templates/<int:template_id>/run", views.report_run_create, name="report_run_create"),
    path("reports/runs/<int:run_id>/", views.report_run, name="report_run"),
    path("reports/runs/<int:run_id>/status", views.report_run_status, name="report_run_status"),
    path("reports/runs/<int:run_id>/<str:fmt>", views.report_download, name="report_download"),
]
