"""The admin page form shared by the page types editors create every day."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core import slugs
from core.models import PUBLISH_CLOCK_SKEW


class ShortSlugPageForm(WagtailAdminPageForm):
    """Give a never-published page a short ASCII slug; say slug clashes in Chinese.

    The slug is replaced in the posted data before validation, so the admin's
    create view, its autosave and the edit view of a draft all store the short
    one. Published pages keep theirs: their address is public.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound or self.instance.first_published_at:
            return
        slug = self.data.get("slug", "")
        title = self.data.get("title", "")
        if slugs.needs_default(slug, title):
            self.data = self.data.copy()
            self.data["slug"] = self.default_slug() or slugs.title_slug(title)

    def default_slug(self) -> str:
        """A slug from the page's own metadata; "" to use a short id."""
        return ""

    def clean(self):
        # Read before Wagtail's check: add_error() drops the field's value.
        slug = self.cleaned_data.get("slug")
        cleaned = super().clean()
        if slug and "slug" in self.errors and not self._slug_is_free(slug):
            # Wagtail's message is English only; ours says what to do.
            del self.errors["slug"]
            self.add_error(
                "slug",
                forms.ValidationError(
                    _(
                        "缩略名“%(slug)s”已被本栏目中的另一个页面使用（可能是刚才"
                        "自动保存的草稿）。请在“推荐”标签页修改缩略名，"
                        "或到栏目中打开那份草稿继续编辑。"
                    ),
                    params={"slug": slug},
                ),
            )
        return cleaned

    def _slug_is_free(self, slug: str) -> bool:
        from wagtail.models import Page

        return Page._slug_is_available(slug, self.parent_page, self.instance)


def refuse_past_go_live(form) -> None:
    """A past 定时发布 time would suggest a back-dated publication: the date
    shown is always the moment of publishing (veto item V1)."""
    go_live_at = form.cleaned_data.get("go_live_at")
    if go_live_at and go_live_at < timezone.now() - PUBLISH_CLOCK_SKEW:
        form.add_error(
            "go_live_at",
            _("定时发布时间不能早于当前时间：发布日期以实际发布时间为准，不能倒填。"),
        )


class NoBackdatingMixin:
    """Page forms of dated content (news, notices, documents...)."""

    def clean(self):
        cleaned = super().clean()
        refuse_past_go_live(self)
        return cleaned


class NoBackdatingPageForm(NoBackdatingMixin, WagtailAdminPageForm):
    pass


class DatedPageForm(NoBackdatingMixin, ShortSlugPageForm):
    pass
