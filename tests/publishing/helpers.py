"""Two sites opened through the registry, each with its own editors and reviewers.

Built once per class. The registry creates each site's editors group; the two
review stages get their own groups, as the office would set them up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Site

from disclosure_pages.models import (
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    Organization,
)
from home.models import HomePage
from site_registry.models import SiteProfile
from tests.factories import disclosure as factories

VALID_ID = "11010519491231002X"
PASSWORD = "Very-long-pw-2026!"


@dataclass
class TestSite:
    site: Site
    home: HomePage
    catalog: DisclosureIndexPage
    column: DisclosureColumnPage
    organization: Organization
    editors: Group
    first_reviewers: Group
    secrecy_reviewers: Group
    editor: object
    first_reviewer: object
    secrecy_reviewer: object


def _permission(codename, app_label="wagtailcore"):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _user(username, group):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD
    )
    user.groups.add(group)
    return user


def build_site(slug: str, hostname: str) -> TestSite:
    site, home = factories.make_site(slug, hostname=hostname)
    catalog, column = factories.make_catalog(home)
    editors = SiteProfile.objects.get(site=site).editors_group
    access_admin = _permission("access_admin", "wagtailadmin")
    reviewers = {}
    for role in ("first_reviewers", "secrecy_reviewers"):
        group = Group.objects.create(name=f"{slug}-{role}")
        group.permissions.add(access_admin)
        reviewers[role] = group
    return TestSite(
        site=site,
        home=home,
        catalog=catalog,
        column=column,
        organization=factories.make_organization(f"{slug}办公室"),
        editors=editors,
        editor=_user(f"{slug}-editor", editors),
        first_reviewer=_user(f"{slug}-first", reviewers["first_reviewers"]),
        secrecy_reviewer=_user(f"{slug}-secrecy", reviewers["secrecy_reviewers"]),
        **reviewers,
    )


def make_document(
    site: TestSite,
    *,
    slug,
    title="关于做好政务公开工作的通知",
    body="<p>正文。</p>",
    **values,
) -> DisclosureDocumentPage:
    """A draft document in the site's column, with one saved revision."""
    page = factories.make_document(
        site.column,
        organization=site.organization,
        publish=False,
        slug=slug,
        title=title,
        body=body,
        **values,
    )
    page.save_revision()
    return page


def approve_after_review_edit(client, site: TestSite, *, slug, body):
    """Post the final (secrecy) approval of a document whose body became
    ``body`` in a reviewer's edit, as the reviewer's browser posts it.

    Returns the page, the approved task state and the response.
    """
    from django.urls import reverse

    from tests.two_factor import login_verified

    page = make_document(site, slug=slug, body="<p>正常</p>")
    page.get_workflow().start(page, site.editor)
    page.current_workflow_task.on_action(
        page.current_workflow_task_state, site.first_reviewer, "approve"
    )
    page.body = body
    page.save_revision(user=site.secrecy_reviewer)
    page = DisclosureDocumentPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    login_verified(client, site.secrecy_reviewer)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": "", "confirm_secrecy": "on"},
    )
    return page, task_state, response


def pdf_with_text(text: str) -> bytes:
    """A minimal one-page PDF whose text layer is ``text`` (ASCII only)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_with_text(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
