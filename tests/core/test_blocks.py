import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from core.blocks import AccessibleImageBlock
from core.blocks.home import QuickLinkBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return get_image_model().objects.create(
        title="会场", file=get_test_image_file(filename="meeting-room.png")
    )


def _clean(block, **value):
    return block.clean(block.to_python(value))


@pytest.mark.parametrize(
    ("alt", "message"),
    [
        ("", "必需字段"),
        ("   ", "必需字段"),
        ("图片", "不能是文件名"),
        ("meeting-room", "不能是文件名"),
    ],
)
def test_image_block_requires_meaningful_alt_text(image, alt, message):
    with pytest.raises(StructBlockValidationError) as error:
        _clean(AccessibleImageBlock(), image=image.id, alt_text=alt, caption="")
    assert message in str(error.value.block_errors["alt_text"])


def test_image_block_accepts_a_description(image):
    value = _clean(
        AccessibleImageBlock(),
        image=image.id,
        alt_text="市政府常务会议现场",
        caption="",
    )
    assert value["alt_text"] == "市政府常务会议现场"


def test_quick_link_needs_exactly_one_target():
    from wagtail.models import Page

    block = QuickLinkBlock()
    page_id = Page.objects.first().id
    for page, url in [(None, ""), (page_id, "https://example.gov.cn/")]:
        with pytest.raises(StructBlockValidationError) as error:
            _clean(block, label="办事服务", page=page, url=url)
        assert "只填写一项" in str(error.value.block_errors["page"])


def test_quick_link_with_url_only_is_valid():
    value = _clean(
        QuickLinkBlock(),
        label="政务服务网",
        page=None,
        url="https://zwfw.example.gov.cn/",
    )
    assert value["url"] == "https://zwfw.example.gov.cn/"


def test_article_lead_image_needs_alt_text(image):
    from content.models import ArticlePage

    article = ArticlePage(title="t", slug="t", source="办公室", lead_image=image)
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "lead_image_alt" in error.value.message_dict
    article.lead_image_alt = "市政府常务会议现场"
    article.clean()
