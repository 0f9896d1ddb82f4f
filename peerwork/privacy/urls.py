from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("consents/new/", views.consent_new, name="consent_new"),
    path("consents/<int:pk>/", views.consent_detail, name="consent_detail"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("consents/<int:pk>/disclose/", views.disclosure_new, name="disclosure_new"),
    path("retention/", views.retention, name="retention"),
    path("retention/runs/<int:pk>/", views.purge_run, name="purge_run"),
    path("retention/runs/<int:pk>/purge/", views.purge_execute, name="purge_execute"),
    path("peers/<int:peer_pk>/export/", views.peer_export, name="peer_export"),
    path("me/export/", views.my_export, name="my_export"),
    path("peers/<int:peer_pk>/erase/", views.peer_erase, name="peer_erase"),
    path("peers/<int:peer_pk>/erasure-report/", views.erasure_report, name="erasure_report"),
    path("research-export/", views.research_export, name="research_export"),
]
