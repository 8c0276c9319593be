from django.urls import path

from disclosure_pages import views

app_name = "disclosure_pages"
urlpatterns = [
    path("late/", views.late_documents_report, name="late_documents"),
]
