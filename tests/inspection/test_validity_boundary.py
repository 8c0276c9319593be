"""The expiry date is the document's last valid day (#21.2): the day before and
the day itself are 有效, the day after is 失效 — in the page's shown 有效性,
the catalog filter, the search entry (facet), the daily refresh and the
inspection rule alike (``disclosure_pages.expiry``)."""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.utils import timezone

from disclosure_pages.choices import Validity
from disclosure_pages.expiry import has_lapsed
from disclosure_pages.models import DisclosureDocumentPage
from disclosure_pages.selectors import validity_changes_between, validity_q
from inspection.rules import get_rule
from inspection.rules.base import InspectionContext
from search.services import content_values
from tests.inspection.helpers import build, document

DAY = datetime.timedelta(days=1)


def test_has_lapsed_day_before_day_itself_and_day_after():
    expiry = datetime.date(2026, 6, 30)
    assert not has_lapsed(expiry, expiry - DAY)
    assert not has_lapsed(expiry, expiry)
    assert has_lapsed(expiry, expiry + DAY)
    assert not has_lapsed(None, expiry)


class BoundaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        cls.profile, cls.home, (cls.column,), cls.org = build("bound")
        cls.ends_today = document(
            cls.column, cls.org, title="今日到期文件", expiry_date=cls.today
        )
        cls.ended_yesterday = document(
            cls.column, cls.org, title="昨日到期文件", expiry_date=cls.today - DAY
        )
        cls.ends_tomorrow = document(
            cls.column, cls.org, title="明日到期文件", expiry_date=cls.today + DAY
        )

    def shown(self, page, day):
        return DisclosureDocumentPage.objects.get(pk=page.pk).validity_on(day)

    def test_shown_validity_on_each_side_of_the_expiry_date(self):
        expiry = self.ends_today.expiry_date
        self.assertEqual(self.shown(self.ends_today, expiry - DAY), Validity.VALID)
        self.assertEqual(self.shown(self.ends_today, expiry), Validity.VALID)
        self.assertEqual(self.shown(self.ends_today, expiry + DAY), Validity.EXPIRED)

    def test_query_agrees_with_the_page_on_each_day(self):
        pages = DisclosureDocumentPage.objects.filter(
            pk__in=[self.ends_today.pk, self.ended_yesterday.pk, self.ends_tomorrow.pk]
        )
        for day in (self.today - DAY, self.today, self.today + DAY):
            for value in (Validity.VALID, Validity.EXPIRED):
                by_query = set(
                    pages.filter(validity_q(value, today=day)).values_list(
                        "pk", flat=True
                    )
                )
                by_page = {p.pk for p in pages if p.validity_on(day) == value}
                self.assertEqual(by_query, by_page, (day, value))

    def test_public_listing_shows_and_filters_by_the_boundary(self):
        url = self.column.url_path.removeprefix(self.home.url_path[:-1])
        response = self.client.get(url, HTTP_HOST="bound.localhost")
        self.assertEqual(response.status_code, 200)
        rows = {
            line.split("</a>")[0].rsplit(">", 1)[-1]: line
            for line in response.content.decode().split("<tr>")
            if "到期文件" in line
        }
        self.assertIn("有效", rows["今日到期文件"])
        self.assertIn("失效", rows["昨日到期文件"])
        expired = self.client.get(
            url, {"validity": Validity.EXPIRED}, HTTP_HOST="bound.localhost"
        ).content.decode()
        self.assertIn("昨日到期文件", expired)
        self.assertNotIn("今日到期文件", expired)
        self.assertNotIn("明日到期文件", expired)

    def test_search_entry_validity_and_the_daily_refresh(self):
        def entry_validity(page):
            return content_values(DisclosureDocumentPage.objects.get(pk=page.pk))[
                "validity"
            ]

        self.assertEqual(entry_validity(self.ends_today), Validity.VALID)
        self.assertEqual(entry_validity(self.ended_yesterday), Validity.EXPIRED)
        # The refresh of today picks the document that lapsed today (expired
        # yesterday), not the one still valid on its last day.
        changed = validity_changes_between(self.today - DAY, self.today)
        self.assertIn(self.ended_yesterday.pk, changed)
        self.assertNotIn(self.ends_today.pk, changed)
        tomorrow = validity_changes_between(self.today, self.today + DAY)
        self.assertIn(self.ends_today.pk, tomorrow)

    def test_inspection_rule_day_before_day_itself_day_after(self):
        rule = get_rule("expired_still_valid")

        def flagged(day):
            problems = rule.check(site=self.profile, context=InspectionContext(day))
            return {p.page_id for p in problems}

        self.assertNotIn(self.ends_today.pk, flagged(self.today - DAY))
        self.assertNotIn(self.ends_today.pk, flagged(self.today))
        self.assertIn(self.ends_today.pk, flagged(self.today + DAY))
        self.assertIn(self.ended_yesterday.pk, flagged(self.today))
