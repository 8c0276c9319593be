from django.urls import path

from hardening import views

app_name = "hardening"
urlpatterns = [
    path("2fa/setup/", views.totp_setup, name="totp_setup"),
    path("2fa/verify/", views.totp_verify, name="totp_verify"),
    path("audit/export/", views.audit_export, name="audit_export"),
]
