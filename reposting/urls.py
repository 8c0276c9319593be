from django.urls import path

from reposting import views

app_name = "reposting"
urlpatterns = [
    path("<int:page_id>/", views.repost, name="repost"),
    path("<int:page_id>/where/", views.where, name="where"),
    path("obligations/", views.obligations_index, name="obligations"),
    path(
        "obligations/<int:profile_id>/",
        views.obligations_site,
        name="obligations_site",
    ),
]
