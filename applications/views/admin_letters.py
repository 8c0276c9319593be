"""Admin screens of letters: issue one, download it (DOCX/PDF), record delivery.

An application another organ handles does not exist for a user (404); one the
user may read but not handle (auditors) is refused (403), except downloads.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from applications.choices import DeliveryMethod, LetterKind, ReplyType
from applications.models import Application, Letter
from applications.selectors.access import applications_for_user, can_handle
from applications.services.letters import (
    LetterRefused,
    docx_bytes,
    draft_letter,
    issue_letter,
    pdf_bytes,
    record_delivery,
)

FORMATS = {
    "docx": (
        docx_bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (pdf_bytes, "application/pdf"),
}


def readable_application(user, pk) -> Application:
    try:
        return applications_for_user(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError):
        raise Http404 from None


def handled_application(user, pk) -> Application:
    application = readable_application(user, pk)
    if not can_handle(user, application):
        raise PermissionDenied
    return application


def readable_letter(user, pk) -> Letter:
    try:
        return Letter.objects.select_related("application__organization").get(
            pk=pk, application__in=applications_for_user(user)
        )
    except (Letter.DoesNotExist, ValueError):
        raise Http404 from None


def back_url(request, application: Application) -> str:
    """Where to go after a POST: the page the form came from, else the
    application's letters screen."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("applications_letters:issue", args=[application.pk])


class IssueLetterForm(forms.Form):
    # Chosen with "载入模板" (a GET form) so that the text matches the kind.
    kind = forms.ChoiceField(choices=LetterKind.choices, widget=forms.HiddenInput)
    reply_type = forms.ChoiceField(
        choices=[("", ""), *ReplyType.choices],
        required=False,
        widget=forms.HiddenInput,
    )
    body = forms.CharField(
        label=gettext_lazy("正文"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "可修改后出具；“【待填写】”的内容须填写或删除。答复告知书须保留救济途径。"
        ),
    )


class IssueLetterView(WagtailAdminTemplateMixin, FormView):
    """Choose the kind (and reply type), edit the pre-filled text, issue."""

    template_name = "applications/admin/letter_issue.html"
    form_class = IssueLetterForm
    page_title = gettext_lazy("出具告知书")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.application = handled_application(request.user, kwargs["application_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.application.registration_number

    def chosen(self) -> tuple[str, str]:
        source = (
            self.request.POST if self.request.method == "POST" else self.request.GET
        )
        kind = source.get("kind", "")
        kind = kind if kind in LetterKind.values else LetterKind.REPLY
        reply_type = source.get("reply_type", "")
        reply_type = reply_type if reply_type in ReplyType.values else ""
        if kind == LetterKind.REPLY and not reply_type:
            reply_type = self.application.reply_type or ReplyType.DISCLOSED
        return kind, reply_type

    def get_initial(self):
        kind, reply_type = self.chosen()
        initial = {"kind": kind, "reply_type": reply_type}
        try:
            initial["body"] = draft_letter(
                self.application, kind=kind, reply_type=reply_type
            )[1]
        except LetterRefused as refusal:
            self.draft_error = refusal.message
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, reply_type = self.chosen()
        context.update(
            application=self.application,
            kinds=LetterKind.choices,
            reply_types=ReplyType.choices,
            chosen_kind=kind,
            chosen_reply_type=reply_type,
            draft_error=getattr(self, "draft_error", ""),
            next_url=self.request.GET.get("next", ""),
        )
        return context

    def form_valid(self, form):
        try:
            letter = issue_letter(
                self.application,
                kind=form.cleaned_data["kind"],
                reply_type=form.cleaned_data["reply_type"],
                body=form.cleaned_data["body"],
                user=self.request.user,
            )
        except LetterRefused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("已出具“%(title)s”。") % {"title": letter.title},
        )
        return redirect(back_url(self.request, self.application))


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("送达方式"), choices=DeliveryMethod.choices
    )
    delivered_on = forms.DateField(
        label=gettext_lazy("签收日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DeliverLetterView(WagtailAdminTemplateMixin, FormView):
    template_name = "applications/admin/letter_deliver.html"
    form_class = DeliveryForm
    page_title = gettext_lazy("登记送达")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.letter = readable_letter(request.user, kwargs["letter_id"])
        if not can_handle(request.user, self.letter.application):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.letter.title

    def get_initial(self):
        return {"delivered_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(letter=self.letter, next_url=self.request.GET.get("next", ""))
        return context

    def form_valid(self, form):
        try:
            record_delivery(
                self.letter,
                method=form.cleaned_data["method"],
                delivered_on=form.cleaned_data["delivered_on"],
                user=self.request.user,
            )
        except LetterRefused as refusal:
            form.add_error("delivered_on", refusal.message)
            return self.form_invalid(form)
        messages.success(self.request, gettext("已登记送达。"))
        return redirect(back_url(self.request, self.letter.application))


def download_letter(request, letter_id, format):
    """The letter as DOCX or PDF, for whoever may read the application."""
    letter = readable_letter(request.user, letter_id)
    if format not in FORMATS:
        raise Http404
    render, content_type = FORMATS[format]
    log(
        instance=letter.application,
        action="applications.letter_downloaded",
        user=request.user,
        data={"letter": letter.pk, "format": format},
    )
    response = HttpResponse(render(letter), content_type=content_type)
    filename = f"{letter.title}-{letter.application.registration_number}.{format}"
    # filename* (RFC 5987) carries the Chinese name; ASCII clients get a fallback.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
