"""Search requests: query parameters parsed into a typed ``SearchRequest``,
with one Chinese message per bad parameter."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from search import analysis
from search.models import EntryKind
from site_registry.choices import SiteLevel
from site_registry.models import SiteProfile

MAX_QUERY_LENGTH = 100
MAX_FIELD_LENGTH = 64
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE = 100

SORTS = ("relevance", "date")
FACETS = ("site", "type", "category", "genre", "organization", "year", "validity")
# Facet name -> SearchEntry filter field.
FACET_FIELDS = {
    "site": "profile_id",
    "type": "kind",
    "category": "subject",
    "genre": "genre",
    "organization": "organization",
    "year": "year",
    "validity": "validity",
}
CLUSTER_LEVELS = {SiteLevel.PROVINCE_PORTAL, SiteLevel.CITY_PORTAL}


class SearchRequestError(ValueError):
    """Bad search parameters; ``errors`` maps each parameter to a Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    # The site or sub-site the visitor is on, and whether to search everywhere.
    profile_id: int | None = None
    whole_cluster: bool = False
    # Filters (facet values).
    site: int | None = None
    type: str = ""
    category: str = ""
    genre: str = ""
    organization: str = ""
    year: int | None = None
    validity: str = ""
    # Advanced search.
    title_only: bool = False
    document_number: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def filters(self) -> dict:
        return {
            name: getattr(self, name)
            for name in FACETS
            if getattr(self, name) not in ("", None)
        }

    @property
    def has_criteria(self) -> bool:
        return bool(
            self.q
            or self.document_number
            or self.filters
            or self.date_from
            or self.date_to
        )

    def without_filters(self) -> SearchRequest:
        return replace(
            self, site=None, type="", category="", genre="", organization="",
            year=None, validity="", document_number="", date_from=None,
            date_to=None, title_only=False, page=1,
        )  # fmt: skip


def _text(params, name: str, errors: dict, *, limit: int = MAX_FIELD_LENGTH) -> str:
    value = unicodedata.normalize("NFKC", str(params.get(name, "") or "")).strip()
    value = " ".join(value.split())
    if len(value) > limit:
        errors[name] = str(_("“%(name)s”过长，请不要超过 %(max)d 个字。")) % {
            "name": name,
            "max": limit,
        }
        return ""
    return value


def _int(params, name, errors, *, minimum, maximum, message) -> int | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = str(message)
        return None
    if not minimum <= value <= maximum:
        errors[name] = str(message)
        return None
    return value


def _date(params, name, errors) -> datetime.date | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        errors[name] = str(_("日期格式不正确，请按“2024-01-31”的格式填写。"))
        return None


def default_whole_cluster(profile: SiteProfile | None) -> bool:
    """The city (or province) portal searches the whole cluster by default."""
    return profile is None or (
        not profile.is_subsite and profile.level in CLUSTER_LEVELS
    )


def parse_search_request(
    params, *, profile: SiteProfile | None, max_page_size: int = MAX_PAGE_SIZE
) -> SearchRequest:
    """A typed request from query parameters; raises SearchRequestError."""
    errors: dict[str, str] = {}
    q = unicodedata.normalize("NFKC", str(params.get("q", "") or "")).strip()
    q = " ".join(q.split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = str(_("检索词过长，请不要超过 %(max)d 个字。")) % {
            "max": MAX_QUERY_LENGTH
        }
    scope = str(params.get("scope", "") or "").strip()
    if scope not in ("", "all", "site"):
        errors["scope"] = str(_("搜索范围只能是 all（全部站点）或 site（本站）。"))
    whole_cluster = (
        scope == "all" if scope in ("all", "site") else default_whole_cluster(profile)
    )
    kind = _text(params, "type", errors)
    if kind and kind not in EntryKind.values:
        errors["type"] = str(_("内容类型只能是：%(values)s。")) % {
            "values": "、".join(EntryKind.values)
        }
    sort = str(params.get("sort", "") or "relevance").strip()
    if sort not in SORTS:
        errors["sort"] = str(_("排序方式只能是 relevance（相关度）或 date（日期）。"))
    date_from = _date(params, "date_from", errors)
    date_to = _date(params, "date_to", errors)
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = str(_("结束日期不能早于开始日期。"))
    page_size = _int(
        params, "page_size", errors, minimum=1, maximum=max_page_size,
        message=_("每页条数应为 1 到 %(max)d 之间的整数。") % {"max": max_page_size},
    )  # fmt: skip
    request = SearchRequest(
        q=q if "q" not in errors else "",
        profile_id=profile.pk if profile else None,
        whole_cluster=whole_cluster,
        site=_int(params, "site", errors, minimum=1, maximum=2**31 - 1,
                  message=_("网站参数应为网站编号。")),
        type=kind,
        category=_text(params, "category", errors),
        genre=_text(params, "genre", errors),
        organization=_text(params, "organization", errors, limit=128),
        year=_int(params, "year", errors, minimum=1949, maximum=2100,
                  message=_("年份应为四位数字，例如 2024。")),
        validity=_text(params, "validity", errors),
        title_only=str(params.get("title_only", "")).strip() in ("1", "true", "on"),
        document_number=_text(params, "document_number", errors),
        date_from=date_from,
        date_to=date_to,
        sort=sort if sort in SORTS else "relevance",
        page=_int(params, "page", errors, minimum=1, maximum=MAX_PAGE,
                  message=_("页码应为 1 到 %(max)d 之间的整数。") % {"max": MAX_PAGE})
        or 1,
        page_size=page_size or PAGE_SIZE,
    )  # fmt: skip
    if request.document_number and not analysis.document_number_key(
        request.document_number
    ):
        errors["document_number"] = str(
            _("发文字号格式不正确，例如：十政办发〔2015〕32号。")
        )
    if errors:
        raise SearchRequestError(errors)
    return request
