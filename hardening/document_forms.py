from wagtail.documents.forms import BaseDocumentForm

from hardening.uploads import validate_upload


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, checking the file's content and size."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and hasattr(uploaded, "content_type"):
            validate_upload(uploaded)
        return uploaded
