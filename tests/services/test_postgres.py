import pytest
from django.db import connection

from disclosure_pages.models import DisclosureDocumentPage

pytestmark = pytest.mark.postgres


def test_suite_runs_on_postgresql(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert int(version) >= 130000
    assert connection.settings_dict["NAME"].startswith("test_")


def test_chinese_text_round_trips_through_postgresql(postgres, demo_cluster):
    document = DisclosureDocumentPage.objects.get(
        document_number="十政办发〔2015〕32号"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document_number FROM disclosure_pages_disclosuredocumentpage "
            "WHERE page_ptr_id = %s",
            [document.pk],
        )
        assert cursor.fetchone() == ("十政办发〔2015〕32号",)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone() == ("UTF8",)
