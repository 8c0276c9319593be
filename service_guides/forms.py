"""Admin form of the service guide: the 办理机构 is checked as for documents."""

from core.forms import ShortSlugPageForm
from disclosure_pages.forms import OrganizationChoiceMixin


class ServiceGuidePageForm(OrganizationChoiceMixin, ShortSlugPageForm):
    pass
