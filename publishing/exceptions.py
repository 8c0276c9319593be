from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class PublicationBlocked(ValidationError):
    """Publication refused by the pre-publication checks.

    A ValidationError, so Wagtail's API turns it into a 400 with the messages.
    """

    def __init__(self, report, *, page, log_entry=None):
        self.report = report
        self.page = page
        # Keyword arguments of the audit entry, so a caller whose transaction
        # rolls back with this error can write the entry again (see record()).
        self.log_entry = log_entry
        super().__init__(
            {NON_FIELD_ERRORS: [issue.message for issue in report.blocking]}
        )

    def record(self) -> None:
        """Write the blocked attempt to the audit log (again, after a rollback)."""
        if self.log_entry is not None:
            from wagtail.log_actions import log

            log(**self.log_entry)
