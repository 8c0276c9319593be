"""Public pages: write to a channel (写信) and look a message up by its code.

Every page belongs to the requesting host's site (``public_site``); a channel
slug of another site is a 404. Responses are never cached: they carry a CSRF
token, a query code or a citizen's (masked) message.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hardening.selectors import client_ip
from interaction.forms import MessageForm, TrackForm
from interaction.selectors import submission as selectors
from interaction.selectors.sites import public_site
from interaction.services.submission import submit_message, track_message

logger = logging.getLogger(__name__)

# The query code is shown once, on the page after the redirect.
SESSION_KEY = "interaction_submitted"


def _channel(request, channel_slug: str):
    site = public_site(request)
    channel = selectors.open_channel(site=site, slug=channel_slug)
    if channel is None:
        raise Http404
    return channel


@never_cache
def write(request, channel_slug: str):
    channel = _channel(request, channel_slug)
    if request.method != "POST":
        form = MessageForm(channel=channel)
    else:
        form = MessageForm(request.POST, channel=channel)
        if form.is_spam:
            # Honeypot filled: a robot. Nothing is stored, and it gets the same
            # answer as a person so it learns nothing (docs/interaction.md).
            logger.info("Interaction honeypot filled on channel %s", channel.pk)
            request.session.pop(SESSION_KEY, None)
            return redirect("interaction:write_done", channel_slug=channel.slug)
        if form.is_valid():
            try:
                message = submit_message(
                    channel=channel,
                    data=form.cleaned_data,
                    address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[SESSION_KEY] = {
                    "channel": channel.pk,
                    "code": message.query_code,
                }
                return redirect("interaction:write_done", channel_slug=channel.slug)
    return TemplateResponse(
        request, "interaction/write.html", {"channel": channel, "form": form}
    )


@never_cache
def write_done(request, channel_slug: str):
    channel = _channel(request, channel_slug)
    submitted = request.session.pop(SESSION_KEY, None) or {}
    code = submitted.get("code") if submitted.get("channel") == channel.pk else None
    return TemplateResponse(
        request,
        "interaction/write_done.html",
        {"channel": channel, "query_code": code},
    )


@never_cache
def track(request):
    site = public_site(request)
    result = None
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                message = track_message(
                    site=site,
                    code=form.cleaned_data["query_code"],
                    address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if message is None:
                    form.add_error(
                        "query_code",
                        _("未找到该查询码对应的留言，请核对查询码和网站后重试。"),
                    )
                else:
                    result = selectors.tracked(message)
    else:
        form = TrackForm()
    return TemplateResponse(
        request,
        "interaction/track.html",
        {"form": form, "result": result},
    )
