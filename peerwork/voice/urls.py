from django.urls import path

from .views import advisory, links, peer, public, staff

app_name = "voice"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("feedback/<int:pk>/themes/", staff.feedback_tag_view, name="feedback_tag"),
    path("feedback/<int:pk>/release/", staff.feedback_release_view, name="feedback_release"),
    path("links/", links.links, name="links"),
    path("links/<int:pk>/poster/", links.link_poster, name="link_poster"),
    path("links/<int:pk>/switch/", links.link_toggle, name="link_toggle"),
    path("advisory/", advisory.meeting_list, name="meeting_list"),
    path("advisory/<int:pk>/", advisory.meeting_detail, name="meeting_detail"),
    path("advisory/decisions/<int:pk>/actions/new/", advisory.action_new, name="action_new"),
    path("advisory/actions/<int:pk>/done/", advisory.action_done_view, name="action_done"),
    path("me/feedback/", peer.my_feedback, name="my_feedback"),
    path("me/you-said/", peer.my_you_said, name="my_you_said"),
    path("f/<str:token>/", public.feedback_public, name="feedback_public"),
    path("f/<str:token>/thanks/", public.feedback_thanks, name="feedback_thanks"),
    path("f/<str:token>/you-said/", public.you_said_public, name="you_said_public"),
]
