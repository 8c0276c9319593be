"""Public pages of disclosure on application, on every site's host."""

app_name = "applications"

urlpatterns: list = []
