"""Disclosure catalog models: snippets, counters and page types (re-exported)."""

from disclosure_pages.models.aliases import AliasKind, LegacyAlias
from disclosure_pages.models.pages import (
    AnnualReportPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureRulesPage,
    DocumentAttachment,
)
from disclosure_pages.models.proposals import ProposalReplyPage
from disclosure_pages.models.relations import DocumentRelation
from disclosure_pages.models.settings import PublicationDeadlineSettings
from disclosure_pages.models.snippets import (
    IndexNumberCounter,
    Organization,
    SubjectCategory,
)

__all__ = [
    "AliasKind",
    "AnnualReportPage",
    "DisclosureColumnPage",
    "DisclosureDocumentPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "DisclosureRulesPage",
    "DocumentAttachment",
    "DocumentRelation",
    "IndexNumberCounter",
    "LegacyAlias",
    "PublicationDeadlineSettings",
    "Organization",
    "ProposalReplyPage",
    "SubjectCategory",
]
