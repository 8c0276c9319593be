"""Public pages of online interviews on each site's own host.

The detail page is also the live page: a same-origin script polls
``live.json`` and adds what changed; without JavaScript a reload shows all.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import timefmt
from hardening.selectors import client_ip
from interaction.choices import InterviewStatus
from interaction.selectors.interviews import (
    PublicQuestion,
    cursor_of,
    last_change,
    live_changes,
    masked,
    public_interviews,
    public_questions,
    transcript_entries,
)
from interaction.selectors.sites import public_site
from interaction.services import interviews as services

PER_PAGE = 20
# How often the live page asks for news (the script reads it from the page).
POLL_SECONDS = 5
QUESTION_MIN_LENGTH = 5
QUESTION_MAX_LENGTH = 500


class PublicQuestionForm(forms.Form):
    asker_name = forms.CharField(
        label=gettext_lazy("昵称"),
        max_length=50,
        required=False,
        error_messages={"max_length": gettext_lazy("昵称不能超过50个字。")},
    )
    content = forms.CharField(
        label=gettext_lazy("您的问题"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=QUESTION_MIN_LENGTH,
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("请填写您的问题。"),
            "min_length": gettext_lazy("问题至少需要5个字。"),
            "max_length": gettext_lazy("问题不能超过500个字。"),
        },
    )
    # Hidden from people by CSS; bots fill every field.
    website = forms.CharField(
        label=gettext_lazy("请勿填写此项"), required=False, max_length=200
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def _interview(request, slug):
    site = public_site(request)
    return get_object_or_404(public_interviews(site=site), slug=slug)


def interview_list(request):
    site = public_site(request)
    items = Paginator(public_interviews(site=site), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request, "interaction/interview_list.html", {"items": items}
    )


def accepts_questions(interview) -> bool:
    return interview.status != InterviewStatus.FINISHED


@require_http_methods(["GET", "HEAD", "POST"])
def interview_detail(request, slug):
    interview = _interview(request, slug)
    form = PublicQuestionForm()
    status = 200
    if request.method == "POST":
        if not accepts_questions(interview):
            raise Http404
        form = PublicQuestionForm(request.POST)
        if form.is_valid():
            if form.is_bot:
                # Say nothing useful to a bot; keep nothing.
                return redirect(_sent_url(interview))
            client = client_ip(request)
            if services.question_rate_limited(client=client):
                form.add_error(None, _("提问过于频繁，请稍后再试。"))
                status = 429
            else:
                services.submit_question(
                    interview=interview,
                    asker_name=form.cleaned_data["asker_name"],
                    content=form.cleaned_data["content"],
                    client=client,
                )
                return redirect(_sent_url(interview))
        else:
            status = 400
    questions = [masked(q) for q in public_questions(interview=interview)]
    context = {
        "interview": interview,
        "guests": [g.strip() for g in interview.guests.splitlines() if g.strip()],
        "images": interview.images.select_related("image"),
        "questions": questions,
        "transcript": transcript_entries(interview=interview),
        "form": form if accepts_questions(interview) else None,
        "sent": request.GET.get("sent") == "1",
        "live": cursor_of(last_change(interview=interview)),
        "poll_seconds": POLL_SECONDS,
    }
    return TemplateResponse(
        request, "interaction/interview_detail.html", context, status=status
    )


def _sent_url(interview) -> str:
    url = reverse("interaction:interview_detail", args=[interview.slug])
    return f"{url}?sent=1#ask"


def _question_json(question: PublicQuestion) -> dict:
    return {
        "id": question.pk,
        "asker": question.asker or _("网友"),
        "content": question.content,
        "submitted_at": timefmt.format_datetime(question.submitted_at),
        "answer": question.answer,
        "answered_by": question.answered_by,
        "answered_at": timefmt.format_datetime(question.answered_at, empty=""),
        "answered_live": question.answered_live,
    }


@never_cache
@require_GET
def live_json(request, slug):
    """What changed since ``?since=<cursor>`` (the cursor a previous answer gave)."""
    interview = _interview(request, slug)
    since = request.GET.get("since", "")
    if since and not (since.isdigit() and len(since) <= 20):
        return JsonResponse({"error": _("参数 since 无效。")}, status=400)
    changes = live_changes(interview=interview, since=int(since) if since else None)
    return JsonResponse(
        {
            "cursor": str(changes["cursor"]),
            "status": interview.status,
            "status_label": interview.get_status_display(),
            "questions": [_question_json(q) for q in changes["questions"]],
            "withdrawn": changes["withdrawn"],
            "transcript": changes["transcript"],
        },
        json_dumps_params={"ensure_ascii": False},
    )
