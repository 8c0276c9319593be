from django.urls import path

from publishing import views

app_name = "publishing"
urlpatterns = [
    path("pages/<int:page_id>/check/", views.check, name="check"),
    path("pages/<int:page_id>/mask/", views.mask_and_continue, name="mask"),
]
