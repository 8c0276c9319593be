from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from publishing.exceptions import PublicationBlocked
from publishing.pipeline import publication_scope


class PublicationBlockedMiddleware:
    """Turn a blocked publication in any admin view into the check report.

    Every admin path that publishes (publish button, create view, workflow
    approval, bulk publish, API) reaches the pipeline through Wagtail's publish
    action, which raises; Wagtail runs some of them inside a transaction, so
    nothing was half-done. The request is a ``publication_scope``: the audit
    entry of the refusal is written after that transaction rolled back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with publication_scope():
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublicationBlocked):
            return None
        from publishing.views import report_url

        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse(
                {"step": "error", "errors": exception.messages}, status=400
            )
        # The draft is saved; the editor gets the report instead of a live page.
        messages.error(
            request,
            _("发布前检查未通过：%(issues)s") % {"issues": exception.report.summary()},
        )
        return redirect(report_url(exception.page, "publish"))
