"""The org admin's set-up pages, under /org/ (namespace ``orgadmin``)."""

from django.urls import path

from .views import audit_log, kiosk_admin, org_admin

app_name = "orgadmin"

urlpatterns = [
    path("settings/", org_admin.organisation_settings, name="settings"),
    path("sites/", org_admin.sites, name="sites"),
    path("sites/<int:pk>/", org_admin.site_edit, name="site_edit"),
    path("sites/<int:pk>/deactivate/", org_admin.site_deactivate, name="site_deactivate"),
    path("members/", org_admin.members, name="members"),
    path("members/<int:pk>/", org_admin.member_edit, name="member_edit"),
    path("members/<int:pk>/active/", org_admin.member_active, name="member_active"),
    path(
        "members/<int:pk>/two-step-reset/", org_admin.member_two_factor_reset, name="member_two_factor_reset"
    ),
    path("kiosks/", kiosk_admin.kiosks, name="kiosks"),
    path("kiosks/<int:pk>/link/", kiosk_admin.kiosk_link, name="kiosk_link"),
    path("kiosks/<int:pk>/revoke/", kiosk_admin.kiosk_revoke, name="kiosk_revoke"),
    path("audit/", audit_log.audit_events, name="audit"),
]
