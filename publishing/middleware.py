from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from publishing.exceptions import PublicationBlocked


class PublicationBlockedMiddleware:
    """Turn a blocked publication in any admin view into the check report.

    Admin paths that publish without a hook of their own (workflow approval, bulk
    publish) reach the gate in ``publishing.gate`` and raise; Wagtail runs those
    inside a transaction, so nothing was half-done.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublicationBlocked):
            return None
        from publishing.views import report_url

        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse(
                {"step": "error", "errors": exception.messages}, status=400
            )
        messages.error(request, exception.report.summary())
        return redirect(report_url(exception.page, "publish"))
