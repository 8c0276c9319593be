"""Editors read through the admin API and bulk actions only what they may see.

Two department sites, each with a document, an image and a page; each site's
editor asks every endpoint of the admin API (enumerated from its router, so a
new endpoint is covered automatically) and the bulk-action confirm pages.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.admin.api.urls import admin_api
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from disclosure_pages.models import DisclosureColumnPage, DisclosureIndexPage
from tests.factories.disclosure import make_document, make_organization
from tests.site_registry.factories import open_city

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "www.city.localhost"}
MARK = {"fgw": "发改委机密材料", "jyj": "教育局机密材料"}


@pytest.fixture
def two_sites(django_user_model):
    _city, fgw, jyj = open_city()
    organization = make_organization()
    objects = {}
    for key, profile in (("fgw", fgw), ("jyj", jyj)):
        catalog = DisclosureIndexPage.objects.child_of(profile.root_page).get()
        # The registry's skeleton gives every site its policy column.
        column = DisclosureColumnPage.objects.child_of(catalog).get(slug="zcwj")
        page = make_document(column, organization=organization, title=MARK[key])
        document = get_document_model().objects.create(
            title=MARK[key],
            file=ContentFile(b"secret", name=f"{key}.txt"),
            collection=profile.collection,
        )
        image = get_image_model().objects.create(
            title=MARK[key], file=get_test_image_file(), collection=profile.collection
        )
        editor = django_user_model.objects.create_user(
            f"{key}-editor", password="pw-12345-abc"
        )
        editor.groups.add(profile.editors_group)
        objects[key] = {
            "page": page,
            "documents": document,
            "images": image,
            "pages": page,
            "editor": editor,
        }
    return objects


def _endpoints():
    return sorted(admin_api._endpoints)


def test_every_admin_api_endpoint_is_known():
    # A new endpoint must be added to the fixture above (an object per site).
    assert _endpoints() == ["documents", "images", "pages"]


@pytest.mark.parametrize("endpoint", _endpoints())
@pytest.mark.parametrize(("me", "other"), [("fgw", "jyj"), ("jyj", "fgw")])
def test_admin_api_shows_only_own_site(client, two_sites, endpoint, me, other):
    client.force_login(two_sites[me]["editor"])
    url = reverse(f"wagtailadmin_api:{endpoint}:listing")
    listing = client.get(url, {"limit": 20}, **HOST)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert MARK[me] in text
    assert MARK[other] not in text
    # Searching and the detail view do not reveal it either.
    if endpoint != "pages":  # the pages endpoint refuses search on a database backend
        found = client.get(url, {"search": "机密材料"}, **HOST).content.decode()
        assert MARK[other] not in found
    own = reverse(
        f"wagtailadmin_api:{endpoint}:detail", args=[two_sites[me][endpoint].pk]
    )
    assert client.get(own, **HOST).status_code == 200
    theirs = reverse(
        f"wagtailadmin_api:{endpoint}:detail", args=[two_sites[other][endpoint].pk]
    )
    response = client.get(theirs, **HOST)
    assert response.status_code == 404
    assert MARK[other] not in response.content.decode()


@pytest.mark.parametrize(
    ("app", "model", "key"),
    [
        ("wagtailcore", "page", "page"),
        ("wagtaildocs", "document", "documents"),
        ("wagtailimages", "image", "images"),
    ],
)
@pytest.mark.parametrize("action", ["delete", "move", "publish", "add_to_collection"])
def test_bulk_action_confirm_hides_other_sites(
    client, two_sites, app, model, key, action
):
    client.force_login(two_sites["fgw"]["editor"])
    url = reverse("wagtail_bulk_action", args=[app, model, action])
    own, theirs = two_sites["fgw"][key], two_sites["jyj"][key]
    response = client.get(url, {"id": [own.pk, theirs.pk]}, **HOST)
    if response.status_code == 404:  # no such action for this model
        return
    text = response.content.decode()
    assert response.status_code == 200
    assert MARK["fgw"] in text
    assert MARK["jyj"] not in text
    # Asking only for the other site's object shows nothing about it.
    response = client.get(url, {"id": [theirs.pk]}, **HOST)
    assert response.status_code == 404
    assert MARK["jyj"] not in response.content.decode()
