from django.urls import path

from . import views

app_name = "planner"

urlpatterns = [
    path("", views.index, name="index"),
    path("scenarios/new", views.scenario_new, name="scenario_new"),
    path("scenarios/<int:scenario_id>/", views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:scenario_id>/run", views.scenario_run, name="scenario_run"),
    path("compare", views.compare, name="compare"),
    path("backtest", views.backtest, name="backtest"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/status", views.run_status, name="run_status"),
]
