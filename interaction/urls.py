"""Public interaction pages on every site's host (under the language prefix).

Fixed paths first; a channel's listing (``<slug>/``) last.
"""

from django.urls import include, path

app_name = "interaction"

urlpatterns = [
    path("", include("interaction.urls_submission")),
    path("interviews/", include("interaction.urls_interviews")),
    path("consultations/", include("interaction.urls_consultations")),
    path("", include("interaction.urls_listing")),
]
