"""Importers of a site migration's page records (#19): one module per type
on the shared loop of ``content.importing.base``."""

from content.importing.base import PageImporter
from content.importing.leaders import LeaderImporter
from content.importing.news import NewsImporter
from content.importing.notices import NoticeImporter
from content.importing.topics import TopicImporter

__all__ = [
    "LeaderImporter",
    "NewsImporter",
    "NoticeImporter",
    "PageImporter",
    "TopicImporter",
]
