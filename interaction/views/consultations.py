"""Public consultation pages on each site's own host: list, detail, results."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from hardening.selectors import client_ip
from interaction.choices import ConsultationKind
from interaction.selectors import consultations as selectors
from interaction.selectors.sites import public_site
from interaction.services import consultations as services


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("姓名不能超过%(limit_value)d个字。")},
    )
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=64,
        required=False,
        error_messages={"max_length": _("联系方式不能超过%(limit_value)d个字。")},
    )
    content = forms.CharField(
        label=_("意见内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("请填写意见内容。"),
            "max_length": _("意见内容不能超过%(limit_value)d个字。"),
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by bots.
    website = forms.CharField(required=False, label=_("网址（请勿填写）"))

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if not content:
            raise ValidationError(_("请填写意见内容。"))
        return content


def _consultation(request, slug):
    site = public_site(request)
    consultation = selectors.public_consultation(site=site, slug=slug)
    if consultation is None:
        raise Http404
    return consultation


def consultation_list(request):
    site = public_site(request)
    open_now, closed = selectors.split_open_closed(
        selectors.public_consultations(site=site)
    )
    return TemplateResponse(
        request,
        "interaction/consultations/list.html",
        {"open_consultations": open_now, "closed_consultations": closed},
    )


def _survey_fields(questions, data, errors):
    """Each question with its field name, error and the values to show again."""
    fields = []
    for question in questions:
        name = services.field_name(question)
        chosen = set(data.getlist(name)) if data is not None else set()
        fields.append(
            {
                "question": question,
                "name": name,
                "error": errors.get(name, ""),
                "text": data.get(name, "") if data is not None else "",
                "options": [
                    (option, str(option.pk) in chosen)
                    for option in question.options.all()
                ],
            }
        )
    return fields


def _detail_context(consultation, *, errors=None, answers=None, **extra):
    questions = selectors.questions_of(consultation)
    context = {
        "consultation": consultation,
        "is_open": selectors.is_open(consultation),
        "has_ended": selectors.has_ended(consultation),
        "comments": selectors.approved_comments(consultation),
        "is_survey": consultation.kind == ConsultationKind.SURVEY,
        "survey_fields": _survey_fields(questions, answers, errors or {}),
        "refusal": "",
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def consultation_detail(request, slug):
    consultation = _consultation(request, slug)
    template = "interaction/consultations/detail.html"
    if request.method == "GET":
        context = _detail_context(
            consultation,
            form=CommentForm(),
            sent=request.GET.get("sent") == "1",
        )
        return TemplateResponse(request, template, context)
    if not selectors.is_open(consultation):
        refusal = (
            _("本次征集已经结束，不再接受提交。")
            if selectors.has_ended(consultation)
            else _("本次征集尚未开始。")
        )
        context = _detail_context(consultation, form=None, refusal=refusal)
        return TemplateResponse(request, template, context, status=403)
    if consultation.kind == ConsultationKind.SURVEY:
        return _post_survey(request, consultation, template)
    return _post_comment(request, consultation, template)


def _sent(consultation):
    url = reverse("interaction:consultation_detail", args=[consultation.slug])
    return redirect(f"{url}?sent=1")


def _post_comment(request, consultation, template):
    form = CommentForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["website"]:
            return _sent(consultation)  # a bot: look accepted, store nothing
        try:
            services.submit_comment(
                consultation=consultation,
                content=form.cleaned_data["content"],
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                ip=client_ip(request) or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _sent(consultation)
    context = _detail_context(consultation, form=form)
    return TemplateResponse(request, template, context, status=400)


def _post_survey(request, consultation, template):
    if request.POST.get("website"):
        return _sent(consultation)
    try:
        services.submit_survey(
            consultation=consultation,
            data=request.POST,
            ip=client_ip(request) or None,
        )
    except services.SurveyRefused as error:
        context = _detail_context(
            consultation,
            form=None,
            errors=error.errors,
            refusal=error.messages[0],
            answers=request.POST,
        )
        return TemplateResponse(request, template, context, status=400)
    return _sent(consultation)


def survey_results(request, slug):
    consultation = _consultation(request, slug)
    if consultation.kind != ConsultationKind.SURVEY or not consultation.results_public:
        raise Http404
    return TemplateResponse(
        request,
        "interaction/consultations/results.html",
        {
            "consultation": consultation,
            "results": selectors.survey_results(consultation),
            "responses": consultation.responses.count(),
        },
    )
