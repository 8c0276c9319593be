"""The metadata rule reports a published document without a 索引号 (issue 13.2)."""

from django.test import TestCase

from disclosure_pages.models import DisclosureDocumentPage
from inspection.choices import Indicator, Severity
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from tests.inspection.helpers import TODAY, build, document


def content_problems(site):
    rule = get_rule("content")
    return list(rule.check(site=site, context=InspectionContext(TODAY)))


class MissingIndexNumberTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.profile, cls.home, (cls.column,), cls.org = build("idxrule")
        cls.numbered = document(cls.column, cls.org, title="有索引号")
        cls.unnumbered = document(cls.column, cls.org, title="无索引号")
        # As published by the admin before the fix: live, but no number.
        DisclosureDocumentPage.objects.filter(pk=cls.unnumbered.pk).update(
            index_number=""
        )

    def test_published_document_without_index_number_is_reported(self):
        assert self.numbered.index_number
        found = [
            p
            for p in content_problems(self.profile)
            if p.fingerprint.startswith("missing_metadata:index_number")
        ]
        assert [p.page_id for p in found] == [self.unnumbered.pk]
        assert found[0].indicator == Indicator.D3
        assert found[0].severity == Severity.DEDUCTION
        assert "索引号" in found[0].message

    def test_drafts_are_not_inspected(self):
        draft = document(self.column, self.org, publish=False, title="草稿")
        assert not draft.index_number
        ids = {p.page_id for p in content_problems(self.profile)}
        assert draft.pk not in ids
