import pytest
from wagtail.models import Site

from disclosure_pages.selectors import find_site
from site_registry.models import SiteProfile

pytestmark = pytest.mark.django_db


def test_find_site_by_registry_code_host_or_slug(demo_cluster):
    portal = SiteProfile.objects.get(site__hostname="www.localhost")
    assert find_site(code=portal.code).hostname == "www.localhost"
    assert find_site(code="dc.localhost").hostname == "dc.localhost"
    assert find_site(code="jyj").hostname == "jyj.localhost"
    with pytest.raises(Site.DoesNotExist):
        find_site(code="9999999999")
