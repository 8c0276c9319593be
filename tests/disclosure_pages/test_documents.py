"""Document metadata validation, page-type rules, publication and index numbers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from disclosure_pages.models import (
    AnnualReportPage,
    DisclosureColumnPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosureRulesPage,
    IndexNumberCounter,
    Organization,
    SubjectCategory,
)
from disclosure_pages.services import next_index_number
from home.models import HomePage
from policy_interpretation.models import PolicyInterpretationPage
from tests.factories.disclosure import (
    make_catalog,
    make_document,
    make_organization,
    make_site,
    valid_credit_code,
)


class PageTypeRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.home = make_site("rules")
        cls.catalog, cls.column, cls.reports = make_catalog(
            cls.home, ("zcwj", "policy"), ("ndbg", "annual_report")
        )
        cls.organization = make_organization()
        cls.document = make_document(cls.column, organization=cls.organization)

    def test_catalog_root_only_under_a_home_page_once(self):
        assert DisclosureIndexPage.can_exist_under(self.home)
        assert not DisclosureIndexPage.can_create_at(self.home)  # max one per site
        assert not DisclosureIndexPage.can_exist_under(self.column)

    def test_guide_and_rules_only_in_the_catalog_root(self):
        for model in (DisclosureGuidePage, DisclosureRulesPage):
            assert model.can_create_at(self.catalog)
            assert not model.can_exist_under(self.column)
            assert not model.can_exist_under(self.home)

    def test_columns_nest_under_the_catalog_and_columns(self):
        assert DisclosureColumnPage.can_exist_under(self.catalog)
        assert DisclosureColumnPage.can_exist_under(self.column)
        assert not DisclosureColumnPage.can_exist_under(self.home)

    def test_documents_only_in_columns(self):
        assert DisclosureDocumentPage.can_exist_under(self.column)
        assert not DisclosureDocumentPage.can_exist_under(self.catalog)
        assert not DisclosureDocumentPage.can_exist_under(self.home)
        assert not HomePage.can_exist_under(self.document)
        assert DisclosureDocumentPage.allowed_subpage_models() == []

    def test_annual_reports_only_in_annual_report_columns(self):
        assert AnnualReportPage.can_exist_under(self.reports)
        assert not AnnualReportPage.can_exist_under(self.column)
        assert not AnnualReportPage.can_exist_under(self.catalog)

    def test_interpretations_in_columns(self):
        assert PolicyInterpretationPage.can_exist_under(self.column)
        assert not PolicyInterpretationPage.can_exist_under(self.home)

    def test_one_annual_report_per_year_and_column(self):
        report = AnnualReportPage(title="2024年年报", slug="2024", year=2024, body="x")
        self.reports.add_child(instance=report)
        duplicate = AnnualReportPage(title="又一个", slug="2024b", year=2024, body="x")
        with self.assertRaises(ValidationError) as caught:
            self.reports.add_child(instance=duplicate)
        assert "year" in caught.exception.message_dict


class MetadataValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.home = make_site("meta")
        cls.catalog, cls.column = make_catalog(cls.home)
        cls.organization = make_organization()

    def _new(self, **values):
        values.setdefault("title", "文件")
        values.setdefault("slug", "new-doc")
        values.setdefault("body", "<p>x</p>")
        page = DisclosureDocumentPage(organization=self.organization, **values)
        page.set_url_path(self.column)
        page.depth = self.column.depth + 1
        page.path = self.column.path + "ZZZZ"
        return page

    def _errors(self, **values):
        with self.assertRaises(ValidationError) as caught:
            self._new(**values).full_clean()
        return caught.exception.message_dict

    def test_document_number_is_normalised_into_searchable_parts(self):
        page = self._new(document_number="十政办发[2015]32号")
        page.full_clean()
        assert page.document_number == "十政办发〔2015〕32号"
        assert (
            page.document_number_organ,
            page.document_number_year,
            page.document_number_serial,
        ) == ("十政办发", 2015, 32)

    def test_each_invalid_document_number_is_an_error_on_the_field(self):
        for raw in [
            "国办发2017年47号",
            "国办发〔2017〕47",
            "国办发〔2017〕047号",
            "X〔2017〕1号",
        ]:
            errors = self._errors(document_number=raw)
            assert list(errors) == ["document_number"], raw

    def test_date_order(self):
        today = timezone.localdate()
        errors = self._errors(written_date=today + datetime.timedelta(days=1))
        assert "written_date" in errors
        errors = self._errors(
            effective_date=datetime.date(2020, 5, 1),
            expiry_date=datetime.date(2020, 4, 1),
        )
        assert "expiry_date" in errors
        errors = self._errors(
            written_date=datetime.date(2020, 5, 1),
            effective_date=datetime.date(2020, 4, 1),
        )
        assert "effective_date" in errors

    def test_written_date_not_after_publication(self):
        page = make_document(self.column, organization=self.organization)
        page.written_date = timezone.localdate(
            page.first_published_at
        ) + datetime.timedelta(days=1)
        with self.assertRaises(ValidationError):
            page.full_clean()

    def test_malformed_index_number(self):
        assert "index_number" in self._errors(index_number="第一号")

    def test_organisation_is_required(self):
        page = self._new()
        page.organization = None
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        assert "organization" in caught.exception.message_dict

    def test_duplicate_index_number_is_refused_by_the_database(self):
        first = make_document(self.column, organization=self.organization)
        second = make_document(
            self.column, organization=self.organization, publish=False
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            DisclosureDocumentPage.objects.filter(pk=second.pk).update(
                index_number=first.index_number
            )
        second.index_number = first.index_number
        with self.assertRaises(ValidationError) as caught:
            second.full_clean()
        assert "index_number" in caught.exception.message_dict

    def test_expired_document_shows_as_expired_without_editing(self):
        page = make_document(
            self.column,
            organization=self.organization,
            effective_date=datetime.date(2020, 1, 1),
            expiry_date=timezone.localdate() - datetime.timedelta(days=1),
        )
        assert page.validity == "valid"
        assert page.current_validity == "expired"
        # The expiry date is the last valid day (docs/domain.md b1).
        page.expiry_date = timezone.localdate()
        assert page.current_validity == "valid"


class OrganizationTests(TestCase):
    def test_codes_are_validated(self):
        organization = Organization(name="甲", org_code="000014348")
        with self.assertRaises(ValidationError) as caught:
            organization.full_clean()
        assert "org_code" in caught.exception.message_dict
        with self.assertRaises(ValidationError):
            Organization(name="乙").full_clean()  # no code at all
        with self.assertRaises(ValidationError) as caught:
            Organization(
                name="丙", org_code="000014349", credit_code="11441700007280420Y"
            ).full_clean()
        assert "credit_code" in caught.exception.message_dict  # codes disagree
        ok = Organization(name="丁", credit_code="11441700007280420Y")
        ok.full_clean()
        assert ok.index_prefix == "11441700007280420Y"

    def test_taxonomy_is_loaded_with_22_top_levels(self):
        top = SubjectCategory.objects.filter(parent=None)
        assert top.count() == 22
        public = SubjectCategory.objects.get(name="政务公开")
        assert public.full_name == "综合政务\\政务公开"
        assert SubjectCategory.objects.filter(parent__name="国防").count() == 2


class PublicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site, cls.home = make_site("pub")
        cls.catalog, cls.column = make_catalog(cls.home)
        cls.organization = make_organization()
        cls.credit_org = make_organization(
            org_code="", credit_code=valid_credit_code("007280420", region="441700")
        )

    def test_index_number_assigned_at_first_publication_not_on_draft(self):
        page = make_document(self.column, organization=self.organization, publish=False)
        page.save_revision()
        page.refresh_from_db()
        assert page.index_number == ""
        page.get_latest_revision().publish()
        page.refresh_from_db()
        year = timezone.localdate().year
        assert page.index_number.startswith(f"{self.organization.org_code}/{year}-")
        assert len(page.index_number) == 20
        # Republishing keeps it.
        number = page.index_number
        page.title = "改过的标题"
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.index_number == number

    def test_credit_code_prefix(self):
        page = make_document(self.column, organization=self.credit_org)
        assert page.index_number.startswith("11441700007280420Y/")

    def test_serials_follow_the_counter_and_skip_taken_numbers(self):
        year = timezone.localdate().year
        organization = make_organization()
        taken = f"{organization.org_code}/{year}-00002"
        make_document(self.column, organization=organization, index_number=taken)
        first = make_document(self.column, organization=organization)
        second = make_document(self.column, organization=organization)
        assert first.index_number.endswith("-00001")
        assert second.index_number.endswith("-00003")
        counter = IndexNumberCounter.objects.get(organization=organization, year=year)
        assert counter.last_serial == 3

    def test_index_number_cannot_change_after_publication(self):
        page = make_document(self.column, organization=self.organization)
        number = page.index_number
        page.index_number = f"{self.organization.org_code}/2000-00001"
        with self.assertRaises(ValidationError) as caught:
            page.save()
        assert "index_number" in caught.exception.message_dict
        # A revision carrying another number does not change it either.
        page.refresh_from_db()
        revision = page.save_revision()
        revision.content["index_number"] = "000014349/2000-00009"
        revision.save()
        revision.publish()
        page.refresh_from_db()
        assert page.index_number == number

    def test_publication_date_cannot_be_back_dated(self):
        page = make_document(self.column, organization=self.organization, publish=False)
        page.first_published_at = timezone.now() - datetime.timedelta(days=30)
        # Full validation (admin forms, live pages) refuses it ...
        with self.assertRaises(ValidationError):
            page.full_clean()
        # ... and a draft saved with it anyway cannot be published.
        page.save()
        with self.assertRaises(ValidationError):
            page.save_revision(clean=False).publish()
        page.refresh_from_db()
        assert not page.live
        assert page.index_number == ""

    def test_published_date_cannot_be_changed(self):
        page = make_document(self.column, organization=self.organization)
        page.first_published_at -= datetime.timedelta(days=3)
        with self.assertRaises(ValidationError):
            page.save()

    def test_first_published_at_is_the_real_time(self):
        before = timezone.now()
        page = make_document(self.column, organization=self.organization)
        assert page.first_published_at >= before
        assert not page.imported

    def test_copies_get_their_own_number(self):
        page = make_document(self.column, organization=self.organization)
        copy = page.copy(update_attrs={"slug": page.slug + "-copy"})
        assert copy.index_number == ""
        copy.save_revision().publish()
        copy.refresh_from_db()
        assert copy.index_number and copy.index_number != page.index_number

    def test_next_index_number_needs_a_code(self):
        organization = Organization.objects.create(name="无代码机构")
        with self.assertRaises(ValidationError):
            next_index_number(organization=organization, year=2024)
