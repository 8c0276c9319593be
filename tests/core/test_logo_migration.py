"""One logo: the theme's logo moves to the registry profile (core 0004/0005)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.site_registry.factories import open_full_site

BEFORE = [("core", "0003_site_theme")]


def _image(title):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{title}.png")
    )


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_theme_logo_moves_to_the_profile_where_it_has_none(client):
    themed = open_full_site("示范市教育局网站", "jyj.logo.localhost")
    both = open_full_site("示范市卫生健康委员会网站", "wjw.logo.localhost")
    theme_logo, own_logo = _image("theme-logo"), _image("own-logo")
    both.logo = own_logo
    both.save()

    old_apps = _migrate(BEFORE)
    old_theme = old_apps.get_model("core", "SiteTheme")
    for profile in (themed, both):
        old_theme.objects.update_or_create(
            site_id=profile.site_id, defaults={"logo_id": theme_logo.pk}
        )
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    themed.refresh_from_db()
    both.refresh_from_db()
    assert themed.logo == theme_logo
    assert both.logo == own_logo  # the registry's own logo wins
    html = client.get("/", HTTP_HOST="jyj.logo.localhost").content.decode()
    assert 'class="site-logo"' in html and "theme-logo" in html
