import pytest
from django.core.exceptions import ValidationError

from core.colours import contrast_ratio
from core.models import SiteTheme
from core.validators import validate_accent_colour


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # #767676 is the lightest grey passing 4.5:1 on white.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#b71c1c", "#0d47a1", "#1b5e20", "#000000"])
def test_dark_accents_are_accepted(colour):
    validate_accent_colour(colour)


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#ffeb3b", "对比度"),
        ("#888888", "低于无障碍要求"),
        ("red", "颜色格式不正确"),
        ("#12345", "颜色格式不正确"),
        ("", "颜色格式不正确"),
    ],
)
def test_bad_accents_are_refused_with_a_chinese_message(colour, message):
    with pytest.raises(ValidationError) as error:
        validate_accent_colour(colour)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_site_theme_cannot_be_saved_through_validation_with_a_light_accent():
    from wagtail.models import Site

    theme = SiteTheme.for_site(Site.objects.get(is_default_site=True))
    theme.accent_colour = "#f0f0f0"
    with pytest.raises(ValidationError) as error:
        theme.full_clean()
    assert "accent_colour" in error.value.message_dict
