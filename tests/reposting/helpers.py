"""A small cluster with a library document, shared by the reposting tests."""

from __future__ import annotations

from urllib.parse import urlsplit

from disclosure_pages.models import DisclosureColumnPage
from reposting import services
from tests.factories.disclosure import make_document, make_organization
from tests.site_registry.factories import open_city, open_county, open_subsite


def add_column(profile, slug="zcwj", kind="policy", title="政策文件"):
    """The catalog column ``slug``: the skeleton's own, or a new one."""
    catalog = profile.root_page.get_children().filter(slug="xxgk").first()
    existing = DisclosureColumnPage.objects.child_of(catalog).filter(slug=slug).first()
    if existing is not None:
        assert existing.kind == kind, (slug, existing.kind)
        return existing
    column = DisclosureColumnPage(title=title, slug=slug, kind=kind)
    catalog.add_child(instance=column)
    column.save_revision().publish()
    return column


def build_cluster(holder) -> None:
    """city portal → (fgw, jyj departments, county portal → township sub-site)."""
    holder.city, holder.fgw, holder.jyj = open_city()
    holder.county = open_county(holder.city)
    holder.township = open_subsite(holder.county)
    holder.columns = {
        p.pk: add_column(p)
        for p in (holder.city, holder.fgw, holder.jyj, holder.county, holder.township)
    }
    holder.library_column = services.ensure_library_column(
        slug="gwywj", title="国务院文件"
    )
    holder.state_council = make_organization("国务院办公厅")
    holder.source = make_document(
        holder.library_column,
        organization=holder.state_council,
        title="国务院关于推动政务公开高质量发展的意见",
        document_number="国发〔2024〕10号",
        source_url="https://www.gov.cn/zhengce/content/2024/content_0001.htm",
        keywords="重要政策",
        body="<p>各省、自治区、直辖市人民政府：原始正文。</p>",
    )


def get_page(client, page, **extra):
    """GET a page on its own site's host."""
    url = page.get_url_parts()
    parts = urlsplit(url[1] + url[2])
    return client.get(parts.path, HTTP_HOST=parts.netloc, **extra)
