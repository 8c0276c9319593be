from django.urls import reverse


class AdminScriptPolicyMiddleware:
    """Let the Wagtail admin run its inline scripts; keep public pages strict.

    Wagtail 8's admin still writes a few inline ``<script>`` elements (date and
    time widgets, inline panels), so a strict ``script-src 'self'`` breaks the
    page editor. Only admin responses get ``'unsafe-inline'``; the public sites,
    where visitors' content is shown, keep the strict policy. Listed after
    django-csp's middleware so it marks the response before the header is built.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.admin_prefix):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response
