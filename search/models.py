"""What the search searches: one flat entry per live page, plus the office's
synonym groups and the query log.

Page types keep their own ``search_fields`` for the admin. Citizens search a
flat ``SearchEntry`` per live page instead, because Wagtail can only filter
and facet on fields of the model being searched: a search over ``Page`` cannot
facet by a document's subject or genre. The entry carries every facet as a
``FilterField`` and the text twice, as written (the engine's ``cjk`` bigrams)
and segmented by jieba (the database backend, whose parser splits on spaces).
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

_TERM_SPLIT_RE = re.compile(r"[/／,，、;；\s]+")


def split_terms(value: str) -> list[str]:
    """Terms of a synonym group as typed: "医保/医疗保险，基本医疗保险"."""
    seen: list[str] = []
    for term in _TERM_SPLIT_RE.split(unicodedata.normalize("NFKC", value or "")):
        term = term.strip()
        if term and term not in seen:
            seen.append(term)
    return seen


class EntryKind(models.TextChoices):
    DOCUMENT = "document", _("公开文件")
    INTERPRETATION = "interpretation", _("政策解读")
    NEWS = "news", _("新闻动态")
    PAGE = "page", _("其他页面")
    MESSAGE = "message", _("互动留言")
    SERVICE = "service", _("办事指南")


class SearchEntry(index.Indexed, models.Model):
    """The searchable copy of one live, public page (rebuilt on every publish),
    or of one published citizen message (kind ``message``): exactly one of
    ``page`` and ``message``."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("页面"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    # Its public address is built when shown (the message's site and the
    # visitor's language), like a page's.
    message = models.OneToOneField(
        "interaction.Message",
        verbose_name=_("互动留言"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    # The nearest registered site or sub-site, and the full site hosting it:
    # a closed site hides all its entries at query time, without re-indexing.
    profile = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    hosting_profile = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("所在网站"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("内容类型"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("标题"), max_length=255)
    title_segmented = models.TextField(blank=True)
    # The title without 《》 and quotes, for the titles holding a query as a
    # phrase (analysis.unmarked).
    title_unmarked = models.CharField(max_length=255, blank=True)
    text = models.TextField(_("正文"), blank=True)
    text_segmented = models.TextField(blank=True)
    breadcrumbs = models.JSONField(default=list, blank=True)
    # What the page is searched by besides its own text: an interpretation's
    # sources (their numbers, titles and subjects), a document's interpretations.
    related_text = models.TextField(_("关联内容"), blank=True)
    related_text_segmented = models.TextField(blank=True)
    # The extracted text of the page's attachments (PDF, DOCX, plain text),
    # capped in size, and the attachment names for the result row.
    attachment_text = models.TextField(_("附件正文"), blank=True)
    attachment_text_segmented = models.TextField(blank=True)
    attachment_names = models.JSONField(default=list, blank=True)
    document_number = models.CharField(_("发文字号"), max_length=64, blank=True)
    document_number_key = models.CharField(max_length=64, blank=True, db_index=True)
    index_number = models.CharField(_("索引号"), max_length=40, blank=True)
    index_number_key = models.CharField(max_length=40, blank=True, db_index=True)
    organization = models.CharField(_("发布机构"), max_length=128, blank=True)
    subject = models.CharField(_("主题分类"), max_length=128, blank=True)
    genre = models.CharField(_("公文种类"), max_length=20, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    private = models.BooleanField(_("访问受限"), default=False)
    # The page this one reposts (#4), as a ``search_result_source`` hook says:
    # the entry then holds the source's content. Only canonical entries are
    # searched across the cluster, so a document reposted to many sites is one
    # result there (its own entry, or one repost when the source is outside
    # every site); a site's own search still finds its reposts.
    source_page_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    canonical = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The search app updates the index itself, in background tasks
    # (search.signal_handlers), not on every save.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("title_segmented", boost=4),
        index.SearchField("text"),
        index.SearchField("text_segmented"),
        index.SearchField("document_number", boost=2),
        index.SearchField("index_number", boost=2),
        index.SearchField("organization"),
        index.SearchField("related_text", boost=2),
        index.SearchField("related_text_segmented", boost=2),
        index.SearchField("attachment_text"),
        index.SearchField("attachment_text_segmented"),
        index.AutocompleteField("title"),
        index.AutocompleteField("title_segmented"),
        index.FilterField("id"),
        index.FilterField("profile_id"),
        index.FilterField("document_number_key"),
        index.FilterField("hosting_profile_id"),
        index.FilterField("kind"),
        index.FilterField("organization"),
        index.FilterField("subject"),
        index.FilterField("genre"),
        index.FilterField("validity"),
        index.FilterField("date"),
        index.FilterField("year"),
        index.FilterField("private"),
        index.FilterField("canonical"),
    ]

    class Meta:
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, message__isnull=True)
                | models.Q(page__isnull=True, message__isnull=False),
                name="search_entry_page_or_message",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SynonymGroup(models.Model):
    """Words the office treats as the same at query time (医保 / 医疗保险).

    Applied when a query is parsed, so a change needs no re-indexing; each term
    is also a word for the segmenter, so it is never cut in two.
    """

    terms = models.CharField(
        _("同义词"),
        max_length=500,
        help_text=_("用“/”或逗号分隔同义的词，例如：医保/医疗保险/基本医疗保险。"),
    )
    enabled = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("同义词组")
        verbose_name_plural = _("同义词组")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " / ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        terms = self.term_list
        if len(terms) < 2:
            raise ValidationError({"terms": _("同义词组至少要有两个不同的词。")})
        too_long = [term for term in terms if len(term) > 30]
        if too_long:
            raise ValidationError(
                {
                    "terms": _("每个词不能超过 30 个字：%(terms)s")
                    % {"terms": "、".join(too_long)}
                }
            )


class SearchQueryLog(models.Model):
    """One search as asked (no address, no user): what citizens look for."""

    query = models.CharField(_("检索词"), max_length=200, db_index=True)
    profile = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    whole_cluster = models.BooleanField(_("全部站点"), default=False)
    result_count = models.PositiveIntegerField(_("结果数"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    via_api = models.BooleanField(_("接口"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.query


class PendingIndexUpdate(models.Model):
    """An entry whose index update failed on a search engine (engine down).

    Kept in the database, so an outage loses nothing: the entry is written to
    (or removed from) that engine's index as it then is, when the engine answers
    again (search.services.apply_pending_updates).
    """

    backend = models.CharField(_("搜索后端"), max_length=50)
    # The entry as it is when applied; a row gone by then means "remove".
    entry_id = models.PositiveBigIntegerField(_("搜索条目"))
    queued_at = models.DateTimeField(_("加入时间"), auto_now=True, db_index=True)
    attempts = models.PositiveIntegerField(_("重试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("待更新的索引条目")
        verbose_name_plural = _("待更新的索引条目")
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "entry_id"], name="search_pending_backend_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.backend}: {self.entry_id}"


class SearchClick(models.Model):
    """One result opened from a results page (#20.8): which query, which entry,
    at which position, on which site. No address, user or session, like
    ``SearchQueryLog``; with it, click-through per query."""

    query = models.CharField(_("检索词"), max_length=200, db_index=True)
    # The entry may be gone since (unpublished): the click still counts.
    entry = models.ForeignKey(
        SearchEntry,
        verbose_name=_("搜索条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("结果位置"))
    # The site searched on (as SearchQueryLog.profile), not the entry's site.
    profile = models.ForeignKey(
        "site_registry.SiteProfile",
        verbose_name=_("网站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("检索结果点击")
        verbose_name_plural = _("检索结果点击")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.query} #{self.position}"
