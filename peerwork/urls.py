from django.urls import include, path

from peerwork.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("peerwork.accounts.urls")),
    path("org/", include("peerwork.accounts.admin_urls")),
    path("peers/", include("peerwork.peers.urls")),
    path("ladder/", include("peerwork.pathway.urls")),
    path("training/", include("peerwork.training.urls")),
    path("participation/", include("peerwork.participation.urls")),
    path("shifts/", include("peerwork.shifts.urls")),
    path("pay/", include("peerwork.pay.urls")),
    path("services/", include("peerwork.services.urls")),
    path("support/", include("peerwork.support.urls")),
    path("voice/", include("peerwork.voice.urls")),
    path("casework/", include("peerwork.casework.urls")),
    path("assessments/", include("peerwork.assessments.urls")),
    path("growth/", include("peerwork.growth.urls")),
    path("invoices/", include("peerwork.invoicing.urls")),
    path("insights/", include("peerwork.insights.urls")),
    path("planner/", include("peerwork.planner.urls")),
    path("privacy/", include("peerwork.privacy.urls")),
    path("work-record/", include("peerwork.workrecord.urls")),
    path("api/", include("peerwork.api.urls")),
]

handler400 = "peerwork.core.views.bad_request"
handler403 = "peerwork.core.views.forbidden"
handler404 = "peerwork.core.views.not_found"
handler500 = "peerwork.core.views.server_error"
