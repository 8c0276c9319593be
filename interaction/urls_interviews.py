"""Online interviews (在线访谈) on each site's host: list, detail/live, live feed."""

from django.urls import path

from interaction.views import interviews

urlpatterns = [
    path("", interviews.interview_list, name="interview_list"),
    path("<slug:slug>/", interviews.interview_detail, name="interview_detail"),
    path("<slug:slug>/live.json", interviews.live_json, name="interview_live"),
]
