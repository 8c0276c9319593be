"""The identity proof: the organ's staff download it from the private storage
through the admin, each download in the audit log; nobody else gets it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from applications.views.admin_handling import VIEW_IDENTITY_PROOF
from core.roles import AUDITOR_GROUP
from tests.applications.factories import make_application, make_office, make_user
from tests.applications.intake_support import pdf_file
from tests.two_factor import login_verified

pytestmark = pytest.mark.django_db


def admin_user(*, office=None):
    """Office staff enter the admin through their office (staff_access)."""
    return make_user(office=office)


@pytest.fixture
def application(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    office = make_office()
    return make_application(office.organization, identity_proof=pdf_file())


def test_staff_download_the_proof_and_the_download_is_logged(client, application):
    office = application.organization.disclosure_office
    login_verified(client, admin_user(office=office))
    url = reverse("applications_handling:proof", args=[application.pk])
    page = client.get(
        reverse("applications_handling:inspect", args=[application.pk])
    ).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert (
        ModelLogEntry.objects.filter(
            action=VIEW_IDENTITY_PROOF, object_id=str(application.pk)
        ).count()
        == 1
    )


def test_other_organs_and_auditors_do_not_get_the_proof(client, application):
    url = reverse("applications_handling:proof", args=[application.pk])
    stranger = admin_user(office=make_office())
    login_verified(client, stranger)
    assert client.get(url).status_code == 404
    auditor = make_user()
    auditor.groups.add(Group.objects.get_or_create(name=AUDITOR_GROUP)[0])
    auditor.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.logout()
    login_verified(client, auditor)
    assert client.get(url).status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action=VIEW_IDENTITY_PROOF).exists()
