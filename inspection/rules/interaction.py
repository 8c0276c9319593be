"""Interaction: veto V5 (互动回应差) and deduction D5 (互动交流), docs/domain.md d2.

The as-of moment is the start of the inspection day (00:00, Asia/Shanghai):
"more than 3 months" is counted in whole calendar days, so a message received
exactly 3 months before the inspection day is not yet overdue, one received a
day earlier is. The messages of the whole cluster are read once per run
(``context.shared``) and grouped by site.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.choices import Indicator, Severity
from inspection.rules.base import FoundProblem, InspectionContext, Rule
from interaction.rules import local_date
from interaction.selectors.d5 import (
    incomplete_published_messages,
    sites_with_interaction_data,
    solicitations_without_feedback,
    unanswered_interview_questions,
)
from interaction.selectors.v5 import overdue_v5_messages, sites_with_v5_channel

# The admin screen a finding links to, by kind of object.
_ADMIN_NAMES = {
    "messages": "interaction_message:inspect",
    "consultations": "interaction_consultation:inspect",
    "interviews": "interaction_interview:inspect",
}


def admin_link(kind: str, pk: int) -> str:
    """The admin address of one interaction object, absolute for exports."""
    path = reverse(_ADMIN_NAMES[kind], args=[pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def as_of_moment(today: datetime.date) -> datetime.datetime:
    """The start of the inspection day in the cluster's time zone."""
    return datetime.datetime.combine(
        today, datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def _by_site(context: InspectionContext, key: str, load) -> dict:
    """Rows of the whole cluster grouped by site id, loaded once per run."""
    cache_key = ("interaction", key, context.today)
    if cache_key not in context.shared:
        grouped: dict[int, list] = {}
        for site_id, row in load():
            grouped.setdefault(site_id, []).append(row)
        context.shared[cache_key] = grouped
    return context.shared[cache_key]


def _day(moment) -> str:
    return local_date(moment).isoformat()


class InteractionResponseRule(Rule):
    """V5: no effective consultation channel, or messages left unanswered."""

    name = "interaction_response"
    label = gettext_lazy("互动回应")
    indicators = (Indicator.V5,)

    def check(self, *, site, context: InspectionContext):
        as_of = as_of_moment(context.today)
        cache_key = ("interaction", "v5_channels", context.today)
        if cache_key not in context.shared:
            context.shared[cache_key] = sites_with_v5_channel()
        if site.pk not in context.shared[cache_key]:
            yield FoundProblem(
                indicator=Indicator.V5,
                severity=Severity.VETO,
                message=_("网站没有开放受理的政务咨询类互动渠道。"),
                target=site.root_page.url_path,
                page_id=site.root_page_id,
                fingerprint="no-channel",
            )
        overdue = _by_site(
            context,
            "v5_overdue",
            lambda: ((row.site_id, row) for row in overdue_v5_messages(as_of=as_of)),
        )
        for row in overdue.get(site.pk, ()):
            if row.answered_at is not None and row.answered_at <= as_of:
                text = _(
                    "留言“%(title)s”（%(received)s收到）超过3个月才答复"
                    "（%(answered)s答复，历时%(days)d天）。"
                ) % {
                    "title": row.title,
                    "received": _day(row.received_at),
                    "answered": _day(row.answered_at),
                    "days": row.days_unanswered,
                }
            else:
                text = _(
                    "留言“%(title)s”（%(received)s收到）超过3个月未答复"
                    "（已%(days)d天）。"
                ) % {
                    "title": row.title,
                    "received": _day(row.received_at),
                    "days": row.days_unanswered,
                }
            yield FoundProblem(
                indicator=Indicator.V5,
                severity=Severity.VETO,
                message=text,
                fingerprint=f"message:{row.pk}",
                link=admin_link("messages", row.pk),
            )


class InteractionQualityRule(Rule):
    """D5: incomplete published replies, solicitations without feedback,
    interview questions unanswered past their due date."""

    name = "interaction_quality"
    label = gettext_lazy("互动交流")
    indicators = (Indicator.D5,)

    def not_checked(self, *, site, context: InspectionContext) -> str:
        if "d5_data" not in context.shared:
            context.shared["d5_data"] = sites_with_interaction_data()
        if site.pk in context.shared["d5_data"]:
            return ""
        return _("网站还没有留言、意见征集或在线访谈数据，无法检查。")

    def check(self, *, site, context: InspectionContext):
        as_of = as_of_moment(context.today)
        messages = _by_site(
            context,
            "d5_messages",
            lambda: ((r["site_id"], r) for r in incomplete_published_messages()),
        )
        for row in messages.get(site.pk, ()):
            missing = []
            if row["answered_at"] is None:
                missing.append(_("回复时间"))
            if not row["answer_department"]:
                missing.append(_("回复单位"))
            yield self._problem(
                _("已公开的留言“%(title)s”（%(received)s收到）缺少%(missing)s。")
                % {
                    "title": row["title"],
                    "received": _day(row["received_at"]),
                    "missing": "、".join(missing) or _("回复单位"),
                },
                f"message:{row['pk']}",
                admin_link("messages", row["pk"]),
            )
        consultations = _by_site(
            context,
            "d5_consultations",
            lambda: (
                (r["site_id"], r) for r in solicitations_without_feedback(as_of=as_of)
            ),
        )
        for row in consultations.get(site.pk, ()):
            yield self._problem(
                _("意见征集“%(title)s”已于%(ended)s结束，未公布采纳情况反馈。")
                % {"title": row["title"], "ended": _day(row["ends_at"])},
                f"consultation:{row['pk']}",
                admin_link("consultations", row["pk"]),
            )
        questions = _by_site(
            context,
            "d5_questions",
            lambda: (
                (r["interview__site_id"], r)
                for r in unanswered_interview_questions(today=context.today)
            ),
        )
        for row in questions.get(site.pk, ()):
            yield self._problem(
                _(
                    "在线访谈“%(title)s”有已采用的网友提问超过答复期限（%(due)s）未答复。"
                )
                % {
                    "title": row["interview__title"],
                    "due": row["due_date"].isoformat(),
                },
                f"question:{row['pk']}",
                admin_link("interviews", row["interview_id"]),
            )

    @staticmethod
    def _problem(message, fingerprint, link) -> FoundProblem:
        # Not a page: the object's identity is its fingerprint, its address the
        # admin link.
        return FoundProblem(
            indicator=Indicator.D5,
            severity=Severity.DEDUCTION,
            message=message,
            fingerprint=fingerprint,
            link=link,
        )
