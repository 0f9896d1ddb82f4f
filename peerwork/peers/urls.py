from django.urls import path

from . import phones, views

app_name = "peers"

urlpatterns = [
    path("", views.people, name="list"),
    path("new/", views.onboard, name="onboard"),
    path("me/", views.my_work, name="my_work"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/private/", views.sensitive, name="sensitive"),
    path("<int:pk>/hours-before/", views.hours_before, name="hours_before"),
    path("<int:pk>/pin/", views.pin, name="pin"),
    path("<int:pk>/card/", views.card, name="card"),
    path("<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
    path("<int:pk>/card/new/", views.card_reissue, name="card_reissue"),
    path("<int:pk>/break/", views.break_start, name="break"),
    path("<int:pk>/back/", views.come_back, name="return"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/phone/", phones.peer_phone, name="phone"),
    path("phones/", phones.phones, name="phones"),
    path("phones/<int:pk>/revoke/", phones.phone_revoke, name="phone_revoke"),
    path("<int:pk>/destination/", views.destination, name="destination"),
]
