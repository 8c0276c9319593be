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
