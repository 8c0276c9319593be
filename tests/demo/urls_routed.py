"""The project's URLs with the interaction pages routed (test only): the
demo must link them once the interaction app serves them."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def _page(request):
    return HttpResponse("interaction")


urlpatterns = [
    path("interaction/", _page, name="channels"),
    path("interaction/interviews/", _page, name="interviews"),
    path("interaction/consultations/", _page, name="consultations"),
    *project_urlpatterns,
]
