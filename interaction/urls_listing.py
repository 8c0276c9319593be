"""Public listing (mounted last: ``<channel_slug>/`` would catch fixed paths)."""

from django.urls import path

from interaction.views import listing

urlpatterns = [
    path("", listing.index, name="index"),
    path("statistics/", listing.statistics_view, name="statistics"),
    path("<slug:channel_slug>/", listing.channel, name="channel"),
    path("<slug:channel_slug>/<int:pk>/", listing.message, name="message"),
]
