"""The catalog's columns share the cluster's one list of column kinds (#5)."""

import importlib

from django.apps import apps

from core.choices import ColumnKind
from disclosure_pages import choices as disclosure_choices
from tests.factories.disclosure import make_catalog, make_site

migration = importlib.import_module(
    "disclosure_pages.migrations.0004_shared_column_kinds"
)


def test_one_list_of_column_kinds():
    assert disclosure_choices.ColumnKind is ColumnKind
    assert ColumnKind.ANNUAL_REPORT == "annual_report"


def test_old_catalog_codes_move_to_the_shared_codes(db):
    from disclosure_pages.models import DisclosureColumnPage

    _site, home = make_site("ck")
    _catalog, column = make_catalog(home, ("tzgg", "notice"))
    # Stored as the retired catalog code, as before the merge.
    DisclosureColumnPage.objects.filter(pk=column.pk).update(kind="notices")
    revision = column.latest_revision
    revision.content["kind"] = "notices"
    revision.save(update_fields=["content"])

    migration.forwards(apps, None)

    column.refresh_from_db()
    revision.refresh_from_db()
    assert column.kind == ColumnKind.NOTICE
    assert revision.content["kind"] == "notice"
    migration.backwards(apps, None)
    column.refresh_from_db()
    assert column.kind == "notices"
