from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class PublicationBlocked(ValidationError):
    """Publication refused by the pre-publication checks.

    A ValidationError, so Wagtail's API turns it into a 400 with the messages.
    The audit entry is the pipeline's (``publishing.pipeline``), not the error's.
    """

    def __init__(self, report, *, page):
        self.report = report
        self.page = page
        super().__init__(
            {NON_FIELD_ERRORS: [issue.message for issue in report.blocking]}
        )
