"""Admin form of a gazette issue: the issue number is checked where the page
will be, also when it is created (the model alone does not know its parent)."""

from __future__ import annotations

from core.forms import ShortSlugPageForm


class GazetteIssuePageForm(ShortSlugPageForm):
    def clean(self):
        cleaned = super().clean()
        issue = self.instance
        parent = getattr(self, "parent_page", None)
        if (
            "year" not in self.errors
            and "number" not in self.errors
            and not issue.pk
            and parent is not None
        ):
            issue.year = cleaned.get("year")
            issue.number = cleaned.get("number")
            if issue.number_taken(parent=parent):
                self.add_error("number", issue.number_taken_message())
        return cleaned

    def default_slug(self) -> str:
        # 2026年第3期 → "2026-3".
        year, number = self.data.get("year", ""), self.data.get("number", "")
        if year.isdigit() and number.isdigit():
            return f"{year}-{number}"
        return ""
