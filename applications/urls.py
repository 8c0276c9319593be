"""Public pages of disclosure on application, on every site's host."""

from django.urls import path

from applications.views import public

app_name = "applications"

urlpatterns = [
    path("status/", public.status, name="status"),
    path("<int:office_id>/apply/", public.apply, name="apply"),
    path("<int:office_id>/apply/done/", public.apply_done, name="apply_done"),
]
