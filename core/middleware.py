from core.views import healthz


class HealthCheckMiddleware:
    """Answer /healthz before host validation.

    Container health checks call the app by IP address, which is not (and should
    not be) an allowed host; everything after this middleware validates hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)


# SQLite's message when the single writer lock stays taken past the timeout.
LOCKED_MESSAGES = ("database is locked", "database table is locked")


def is_database_busy(exception: BaseException) -> bool:
    from django.db import OperationalError

    return isinstance(exception, OperationalError) and any(
        text in str(exception) for text in LOCKED_MESSAGES
    )


class DatabaseBusyMiddleware:
    """Answer a write that waited too long for the embedded database with a 503.

    SQLite (the embedded default) lets one writer at a time; the connection
    waits for the lock (``SQLITE_TIMEOUT``) and only then fails. The editor then
    gets a Chinese message to try again instead of a bare 500; the request's
    writes were refused, so nothing was half-written. Autosave and other
    requests that ask for JSON get Wagtail's JSON error shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _("系统正忙（另一项保存尚未完成），本次操作未保存。请稍候几秒再试。")
        if not request.accepts("text/html"):
            response = JsonResponse(
                {
                    "success": False,
                    "error_code": "database_busy",
                    "error_message": message,
                },
                status=503,
            )
        else:
            response = render(
                request, "core/database_busy.html", {"message": message}, status=503
            )
        response["Retry-After"] = "5"
        return response
