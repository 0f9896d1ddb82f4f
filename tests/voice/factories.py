"""Voice test data: a poster link, feedback straight through the service, themes."""

from __future__ import annotations

from peerwork.orgs.models import Organisation, Site
from peerwork.voice.models import Feedback, FeedbackLink, Theme
from peerwork.voice.services import feedback_submit, feedback_tag


def poster(org: Organisation, site: Site | None = None, label: str = "Drop-in poster") -> FeedbackLink:
    return FeedbackLink.objects.create(organisation=org, site=site, label=label)


def feedback(
    org: Organisation,
    n: int = 1,
    *,
    site: Site | None = None,
    text: str = "",
    rating: int = 4,
    themes: list[Theme] | None = None,
) -> list[Feedback]:
    made = []
    for _ in range(n):
        item = feedback_submit(organisation=org, site=site, rating=rating, text=text)
        if themes:
            feedback_tag(feedback=item, themes=themes)
        made.append(item)
    return made
