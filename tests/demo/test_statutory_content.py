"""The demo's statutory content (#17): a press conference explaining the city's
seed notice, a gazette issue with its PDF, and proposal replies."""

import pytest

from demo.cluster import SITES
from demo.services import load_demo_cluster
from disclosure_pages.models import DisclosureDocumentPage, ProposalReplyPage
from gazette.models import GazetteIssuePage
from policy_interpretation.models import PressConferencePage
from policy_interpretation.selectors import documents_missing_interpretation

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "www.localhost"}
# The city portal's pages; the other portals and the departments get one of each
# in the columns their skeleton gives them.
CITY = {"url_path__startswith": "/www/"}


@pytest.fixture
def demo_cluster(module_demo_cluster_with_content, db):
    return module_demo_cluster_with_content


def test_city_press_conference_explains_the_seed_notice(client, demo_cluster):
    notice = DisclosureDocumentPage.objects.get(source_id="doc-001")
    conference = PressConferencePage.objects.get(**CITY)
    assert conference.live and conference.live_documents() == [notice]
    assert [i.slug for i in conference.live_interpretations()] == ["jd-001"]
    assert not documents_missing_interpretation().filter(pk=notice.pk)
    html = client.get("/xxgk/xwfbh/", **HOST).content.decode()
    assert conference.title in html
    html = client.get(conference.url_path.removeprefix("/www"), **HOST)
    assert html.status_code == 200
    html = client.get(notice.url_path.removeprefix("/www"), **HOST).content.decode()
    assert f'href="{conference.url_path.removeprefix("/www")}"' in html


def test_city_gazette_issue_lists_documents_and_its_pdf(client, demo_cluster):
    issue = GazetteIssuePage.objects.get(**CITY)
    assert issue.live and issue.pdf_is_pdf()
    printed = [e.document for e in issue.entries.all() if e.document_id]
    assert printed and all(d.live for d in printed)
    html = client.get(issue.url_path.removeprefix("/www"), **HOST).content.decode()
    assert issue.issue_label in html and issue.pdf.url in html
    document = printed[0]
    html = client.get(document.url_path.removeprefix("/www"), **HOST).content.decode()
    assert f"刊登于《{issue.gazette_name}》" in html
    with issue.pdf.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_city_proposal_replies_are_numbered_documents(client, demo_cluster):
    replies = ProposalReplyPage.objects.live().filter(**CITY).order_by("proposer_type")
    assert [r.get_proposer_type_display() for r in replies] == [
        "人大代表建议",
        "政协委员提案",
    ]
    assert all(r.index_number for r in replies)
    html = client.get("/xxgk/jytabl/?type=member", **HOST).content.decode()
    assert "共 1 篇" in html and "政协十三届三次会议" in html


def test_every_statutory_column_of_the_demo_holds_its_content(demo_cluster):
    from disclosure_pages.models import DisclosureColumnPage

    columns = DisclosureColumnPage.objects.live().filter(
        kind__in=["press_conference", "gazette", "proposal_result"]
    )
    assert columns.count() > 3  # not only the city portal's
    closed = tuple(f"/{spec.slug}/" for spec in SITES if not spec.is_open)
    empty = [
        c.url_path
        for c in columns
        if not c.url_path.startswith(closed) and not c.get_children().live().exists()
    ]
    assert empty == []


def test_loading_again_adds_nothing(demo_cluster):
    counts = (
        PressConferencePage.objects.count(),
        GazetteIssuePage.objects.count(),
        ProposalReplyPage.objects.count(),
    )
    load_demo_cluster(port=80)
    assert counts == (
        PressConferencePage.objects.count(),
        GazetteIssuePage.objects.count(),
        ProposalReplyPage.objects.count(),
    )
