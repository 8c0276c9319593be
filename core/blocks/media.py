import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

MAX_ALT_LENGTH = 150


def check_alt_text(alt_text: str, *, image) -> str | None:
    """Why ``alt_text`` fails to describe ``image`` (WCAG 1.1.1); None if fine."""
    text = (alt_text or "").strip()
    if not text:
        return _("请填写替代文本，向看不到图片的读者说明图片内容。")
    filename = (getattr(getattr(image, "file", None), "name", "") or "").rsplit("/")[-1]
    stem = filename.rsplit(".", 1)[0]
    # Storages add "_abc1234" to names that already exist.
    bare_stem = re.sub(r"_[A-Za-z0-9]{7}$", "", stem)
    names = {filename.lower(), stem.lower(), bare_stem.lower()}
    if text.lower() in names or text.lower() in {
        "图片",
        "image",
        "img",
        "photo",
        "照片",
    }:
        return _("替代文本不能是文件名或“图片”等泛称，请描述图片内容。")
    return None


class AccessibleImageBlock(blocks.StructBlock):
    """An image that cannot be saved without a meaningful text alternative."""

    image = ImageChooserBlock(label=_("图片"))
    alt_text = blocks.CharBlock(
        label=_("替代文本"),
        max_length=MAX_ALT_LENGTH,
        help_text=_("简要描述图片内容，供读屏软件朗读。"),
    )
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "blocks/image_block.html"

    def clean(self, value):
        value = super().clean(value)
        problem = check_alt_text(value.get("alt_text"), image=value.get("image"))
        if problem:
            raise StructBlockValidationError({"alt_text": ValidationError(problem)})
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("附件"))
    title = blocks.CharBlock(
        label=_("显示名称"),
        required=False,
        max_length=200,
        help_text=_("留空时显示附件标题。"),
    )

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "blocks/document_link_block.html"


def images_with_renditions(image_ids, *filter_specs: str) -> dict:
    """Images by id with the renditions for ``filter_specs`` prefetched.

    Two queries however many images a block shows, instead of one per image.
    """
    from wagtail.images import get_image_model

    ids = {image_id for image_id in image_ids if image_id}
    if not ids:
        return {}
    images = get_image_model().objects.filter(id__in=ids)
    return {image.id: image for image in images.prefetch_renditions(*filter_specs)}
