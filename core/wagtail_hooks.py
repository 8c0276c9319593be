from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import CommonMisspelling, SensitiveWord


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    list_display = ["word", "note", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["word", "note"]


class CommonMisspellingViewSet(SnippetViewSet):
    model = CommonMisspelling
    icon = "edit"
    list_display = ["wrong", "correct", "source", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["wrong", "correct"]


class WordListViewSetGroup(SnippetViewSetGroup):
    items = (SensitiveWordViewSet, CommonMisspellingViewSet)
    menu_icon = "list-ul"
    menu_label = _("词表")
    menu_name = "word-lists"


register_snippet(WordListViewSetGroup)
