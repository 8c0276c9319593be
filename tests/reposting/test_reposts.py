"""Reposting: propagation, withdrawal, duplicates, permissions, listings, provenance."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry

from reposting import selectors, services
from reposting.choices import WithdrawnDisplay
from reposting.forms import RepostForm
from reposting.models import RepostPage, RepostSettings
from tests.reposting.helpers import build_cluster, get_page
from tests.two_factor import login_verified


def _repost(source, profiles, user, **kwargs):
    plan = services.plan_reposts(
        source=source, profiles=profiles, user=user, kind="policy", **kwargs
    )
    return services.repost_document(source=source, plan=plan, user=user)


class RepostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        cls.office = User.objects.create_superuser("office", "o@example.gov.cn", "x")
        cls.reposts = _repost(cls.source, [cls.county, cls.township], cls.office)

    def test_one_repost_page_per_site_in_the_chosen_column(self):
        self.assertEqual(len(self.reposts), 2)
        by_site = {r.target_site_id: r for r in self.reposts}
        county_repost = by_site[self.county.pk]
        self.assertEqual(county_repost.get_parent().pk, self.columns[self.county.pk].pk)
        self.assertTrue(county_repost.live)
        self.assertEqual(
            by_site[self.township.pk].get_parent().pk,
            self.columns[self.township.pk].pk,
        )

    def test_repost_shows_source_content_attribution_and_canonical_link(self):
        response = get_page(self.client, self.reposts[0])
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn("原始正文", html)
        self.assertIn("国发〔2024〕10号", html)
        self.assertIn("来源：", html)
        self.assertIn("国务院办公厅", html)
        self.assertIn(
            '<link rel="canonical" href="https://www.gov.cn/zhengce/content/'
            '2024/content_0001.htm">',
            html,
        )

    def test_editing_the_source_updates_every_repost(self):
        source = self.source.specific
        source.body = "<p>修订后的正文。</p>"
        source.title = "国务院关于推动政务公开高质量发展的意见（修订）"
        source.save_revision().publish()
        for repost in self.reposts:
            html = get_page(self.client, repost).content.decode()
            self.assertIn("修订后的正文", html)
            self.assertIn("（修订）", html)
            self.assertNotIn("原始正文", html)

    def test_unpublishing_the_source_takes_reposts_down_and_back_up(self):
        self.source.unpublish(user=self.office)
        for repost in self.reposts:
            repost.refresh_from_db()
            self.assertFalse(repost.live)
            self.assertEqual(get_page(self.client, repost).status_code, 404)
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=self.reposts[0], action=services.TAKE_DOWN_ACTION
            ).exists()
        )
        self.source.get_latest_revision().publish()
        for repost in self.reposts:
            repost.refresh_from_db()
            self.assertTrue(repost.live)
            self.assertEqual(get_page(self.client, repost).status_code, 200)

    def test_withdrawn_source_can_be_shown_as_withdrawn(self):
        settings = RepostSettings.load()
        settings.withdrawn_display = WithdrawnDisplay.SHOW_WITHDRAWN
        settings.save()
        self.source.unpublish(user=self.office)
        repost = self.reposts[0]
        repost.refresh_from_db()
        self.assertTrue(repost.live)
        response = get_page(self.client, repost)
        self.assertContains(response, "已被原发布单位撤回")
        self.assertNotContains(response, "原始正文")

    def test_reposting_into_the_same_column_twice_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            _repost(self.source, [self.county], self.office)
        self.assertIn("不能重复转载", " ".join(caught.exception.messages))
        self.assertIn("示范市东城区人民政府门户网站", caught.exception.messages[0])
        # The database refuses it too (two editors at the same moment).
        with self.assertRaises(IntegrityError), transaction.atomic():
            RepostPage.objects.filter(pk=self.reposts[0].pk).update(
                column=self.reposts[1].column
            )

    def test_skip_existing_reposts_only_to_the_new_sites(self):
        created = _repost(
            self.source, [self.county, self.fgw], self.office, skip_existing=True
        )
        self.assertEqual([r.target_site_id for r in created], [self.fgw.pk])

    def test_audit_log_records_who_reposted(self):
        entry = PageLogEntry.objects.get(
            page=self.reposts[0], action=services.REPOST_ACTION
        )
        self.assertEqual(entry.user, self.office)
        self.assertEqual(entry.data["source_id"], self.source.pk)
        self.assertTrue(
            PageLogEntry.objects.filter(
                page=self.source, action=services.REPOST_ACTION
            ).exists()
        )

    def test_reposts_cannot_be_moved_or_copied_elsewhere(self):
        repost = self.reposts[0]
        other = self.columns[self.city.pk]
        self.assertFalse(repost.can_move_to(other))
        self.assertFalse(repost.permissions_for_user(self.office).can_copy_to(other))

    def test_reposts_are_not_search_indexed(self):
        self.assertIsNone(self.reposts[0].get_indexed_instance())
        self.assertEqual(RepostPage.search_fields, [])

    def test_column_listing_includes_the_sites_reposts(self):
        column = self.columns[self.township.pk]
        response = get_page(self.client, column)
        repost = next(r for r in self.reposts if r.target_site_id == self.township.pk)
        self.assertContains(response, self.source.title)
        self.assertContains(response, f'href="{repost.get_url()}"')
        # Not in the city's column: it was not reposted there.
        city = get_page(self.client, self.columns[self.city.pk])
        self.assertNotContains(city, self.source.title)

    def test_home_block_source_lists_state_council_documents(self):
        items = selectors.state_council_policy_links(request=None, limit=5)
        self.assertEqual([i.title for i in items], [self.source.title])
        self.assertEqual(items[0].url, self.source.source_url)

    def test_source_and_repost_edit_views_show_reposting(self):
        login_verified(self.client, self.office)
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.source.pk])
        )
        self.assertContains(response, "转载到其他网站")
        self.assertContains(response, "转载情况（2）")
        self.assertContains(response, reverse("reposting:where", args=[self.source.pk]))
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.reposts[0].pk])
        )
        self.assertEqual(response.status_code, 200)

    def test_home_block_links_to_the_sites_own_repost(self):
        from django.test import RequestFactory

        repost = next(r for r in self.reposts if r.target_site_id == self.county.pk)
        host = self.county.site.hostname
        request = RequestFactory().get("/", HTTP_HOST=host)
        items = selectors.state_council_policy_links(request=request, limit=5)
        self.assertEqual(items[0].url, repost.get_url(request=request))
        self.assertTrue(items[0].url.startswith("/"))

    def test_where_reposted_view_lists_sites(self):
        login_verified(self.client, self.office)
        response = self.client.get(reverse("reposting:where", args=[self.source.pk]))
        self.assertContains(response, "示范市东城区人民政府门户网站")
        self.assertContains(response, "示范市东城区青台镇人民政府")


class PermissionAndFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        cls.editor = User.objects.create_user("qtz-editor", password="x")
        cls.editor.groups.add(cls.township.editors_group)

    def test_township_editor_cannot_push_into_the_city_portal(self):
        with self.assertRaises(ValidationError) as caught:
            _repost(self.source, [self.city], self.editor)
        self.assertIn(
            "您没有在“示范市人民政府门户网站”的“政策文件”栏目发布内容的权限",
            caught.exception.messages[0],
        )
        self.assertFalse(RepostPage.objects.exists())

    def test_township_editor_can_push_into_the_own_site(self):
        created = _repost(self.source, [self.township], self.editor)
        self.assertEqual(created[0].target_site, self.township)

    def test_all_sites_under_a_parent_and_of_a_level(self):
        under_city = selectors.resolve_sites(parent=self.city)
        self.assertEqual(
            {p.pk for p in under_city},
            {self.fgw.pk, self.jyj.pk, self.county.pk, self.township.pk},
        )
        townships = selectors.resolve_sites(level="township")
        self.assertEqual([p.pk for p in townships], [self.township.pk])

    def _form(self, data, user=None):
        return RepostForm(data, source=self.source, user=user or self.editor)

    def test_form_requires_a_target(self):
        form = self._form({"column_kind": "policy"})
        self.assertFalse(form.is_valid())
        self.assertIn("请选择转载到哪些网站", str(form.errors))

    def test_form_requires_a_column(self):
        form = self._form({"level": "township"})
        self.assertFalse(form.is_valid())
        self.assertIn("请选择目标栏目类型或填写目标栏目标识", str(form.errors))

    def test_form_rejects_bad_values_in_chinese(self):
        form = self._form(
            {"level": "galaxy", "column_kind": "policy", "sites": ["999999"]}
        )
        self.assertFalse(form.is_valid())
        self.assertIn("网站级别不正确", str(form.errors))
        self.assertIn("所选网站不存在或已下线", str(form.errors))
        form = self._form({"level": "township", "column_slug": "../x"})
        self.assertFalse(form.is_valid())
        self.assertIn("栏目标识只能包含", str(form.errors))

    def test_form_reports_sites_without_the_column(self):
        form = self._form({"level": "township", "column_slug": "nosuch"})
        self.assertFalse(form.is_valid())
        self.assertIn("没有“nosuch”栏目", str(form.errors))

    def test_form_refuses_the_city_for_a_township_editor(self):
        form = self._form({"parent": self.county.pk, "column_kind": "policy"})
        self.assertTrue(form.is_valid(), form.errors)
        form = self._form({"level": "city_portal", "column_kind": "policy"})
        self.assertFalse(form.is_valid())
        self.assertIn("您没有在“示范市人民政府门户网站”", str(form.errors))

    def test_admin_view_creates_reposts(self):
        office = User.objects.create_superuser("office2", "o2@example.gov.cn", "x")
        login_verified(self.client, office)
        url = reverse("reposting:repost", args=[self.source.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url, {"level": "department", "column_kind": "policy"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(RepostPage.objects.values_list("target_site_id", flat=True)),
            {self.fgw.pk, self.jyj.pk},
        )
        again = self.client.post(url, {"level": "department", "column_kind": "policy"})
        self.assertContains(again, "不能重复转载")

    def test_admin_view_refuses_a_repost_the_checks_block(self):
        from core.models import SensitiveWord

        # The word was listed after the source was published.
        SensitiveWord.objects.create(word=self.source.title[:4])
        office = User.objects.create_superuser("office3", "o3@example.gov.cn", "x")
        login_verified(self.client, office)
        url = reverse("reposting:repost", args=[self.source.pk])
        response = self.client.post(
            url, {"level": "department", "column_kind": "policy"}
        )
        self.assertContains(response, "不得发布")
        self.assertFalse(RepostPage.objects.exists())


class SourceDeletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cluster(cls)
        cls.office = User.objects.create_superuser("office", "o@example.gov.cn", "x")
        cls.reposts = _repost(cls.source, [cls.county, cls.fgw], cls.office)

    def test_deleting_the_source_deletes_its_reposts_and_keeps_the_tree(self):
        from wagtail.models import Page

        column = self.columns[self.county.pk]
        self.source.delete()
        self.assertFalse(RepostPage.objects.exists())
        column.refresh_from_db()
        self.assertEqual(column.numchild, column.get_children().count())
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
