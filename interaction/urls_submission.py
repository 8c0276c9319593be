"""写信 and 办理查询 (interaction.views.submission); included before the listings."""

from django.urls import path

from interaction.views import submission

urlpatterns = [
    path("track/", submission.track, name="track"),
    path("<slug:channel_slug>/write/", submission.write, name="write"),
    path("<slug:channel_slug>/write/done/", submission.write_done, name="write_done"),
]
