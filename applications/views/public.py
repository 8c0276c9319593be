"""Public pages: apply online to an organ's disclosure office, follow the status.

Every page belongs to the requesting host's site: an office filed on another
site (or on a sub-site of another portal) is a 404. Responses are never
cached: they carry a CSRF token, a query code or an applicant's (masked) data.
The query code is posted, never put in a URL.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from applications.forms import PublicApplicationForm, StatusForm
from applications.selectors.offices import online_office, public_site
from applications.selectors.public import public_status
from applications.services.registration import look_up, submit_online
from hardening.selectors import client_ip

logger = logging.getLogger(__name__)

# The registration number and query code are shown once, after the redirect.
SESSION_KEY = "applications_submitted"


def _site(request):
    site = public_site(request)
    if site is None:
        raise Http404
    return site


def _office(request, office_id: int):
    office = online_office(site=_site(request), office_id=office_id)
    if office is None:
        raise Http404
    return office


@never_cache
def apply(request, office_id: int):
    office = _office(request, office_id)
    if request.method != "POST":
        form = PublicApplicationForm()
    else:
        form = PublicApplicationForm(request.POST, request.FILES)
        if form.is_spam:
            # A robot: nothing stored, the same answer as a person gets.
            logger.info("Applications honeypot filled for office %s", office.pk)
            request.session.pop(SESSION_KEY, None)
            return redirect("applications:apply_done", office_id=office.pk)
        if form.is_valid():
            try:
                application = submit_online(
                    office=office,
                    cleaned_data=form.application_data(),
                    identity_proof=form.cleaned_data.get("identity_proof"),
                    address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[SESSION_KEY] = {
                    "office": office.pk,
                    "number": application.registration_number,
                    "code": application.query_code,
                }
                return redirect("applications:apply_done", office_id=office.pk)
    return TemplateResponse(
        request, "applications/public/apply.html", {"office": office, "form": form}
    )


@never_cache
def apply_done(request, office_id: int):
    office = _office(request, office_id)
    submitted = request.session.pop(SESSION_KEY, None) or {}
    if submitted.get("office") != office.pk:
        submitted = {}
    return TemplateResponse(
        request,
        "applications/public/apply_done.html",
        {
            "office": office,
            "registration_number": submitted.get("number"),
            "query_code": submitted.get("code"),
        },
    )


@never_cache
def status(request):
    site = _site(request)
    result = None
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            try:
                application = look_up(
                    site=site,
                    registration_number=form.cleaned_data["registration_number"],
                    query_code=form.cleaned_data["query_code"],
                    address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if application is None:
                    form.add_error(
                        None,
                        _("登记编号或查询码不正确，请核对后重试。"),
                    )
                else:
                    result = public_status(application)
    else:
        form = StatusForm()
    return TemplateResponse(
        request, "applications/public/status.html", {"form": form, "result": result}
    )
