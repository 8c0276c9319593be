from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from hardening.uploads import validate_image_decodes, validate_upload


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, checking the file's content and size."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and hasattr(uploaded, "content_type"):
            validate_upload(uploaded)
        return uploaded


class SafeImageField(WagtailImageField):
    """Wagtail's image field; a truncated or damaged image is a form error.

    Wagtail decodes the image to measure it, and Pillow raises OSError on a
    truncated file, which would otherwise reach the user as a server error.
    """

    def check_image_pixel_size(self, f):
        validate_image_decodes(
            lambda: super(SafeImageField, self).check_image_pixel_size(f)
        )


class SafeImageForm(BaseImageForm):
    """Wagtail's image form (single and multiple upload) with SafeImageField."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(
            field, SafeImageField
        ):
            safe = SafeImageField(
                label=field.label, required=field.required, widget=field.widget
            )
            safe.help_text = field.help_text
            self.fields["file"] = safe
