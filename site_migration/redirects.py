"""Old addresses of migrated records: a permanent Wagtail redirect each.

The package gives each record's old URL (an http(s) URL of the old site or an
absolute path). Only its path and query matter: the old host names are
registered as alias domains of the site, which the host routing answers with
301 to the primary domain keeping the path, where Wagtail's redirects app
answers the old path with 301 to the new page. A sub-site has no domain of its
own, so its old paths are redirects of its portal's Wagtail site.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from core.importfiles import LineError, control_character
from site_migration.models import MigratedUrl, MigrationRun

# Redirect.old_path holds 255 characters; a longer old URL cannot be answered.
MAX_OLD_PATH = 255


class OldUrlError(LineError):
    """The old URL cannot become a redirect; the message says why, in Chinese."""


def normalised_old_path(old_url: str) -> str:
    """The path (and sorted query) Wagtail looks an old URL up by.

    Refuses what is not an http(s) URL or an absolute path, control
    characters, and paths too long to store.
    """
    if not isinstance(old_url, str) or not old_url.strip():
        raise OldUrlError(_("原网址为空。"))
    value = old_url.strip()
    if control_character(value, multiline=False) is not None:
        raise OldUrlError(_("原网址含有控制字符。"))
    if len(value) > 2 * MAX_OLD_PATH:
        raise OldUrlError(_("原网址超过 %(max)d 个字符。") % {"max": MAX_OLD_PATH})
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise OldUrlError(_("原网址格式不正确。")) from error
    if parts.scheme or parts.netloc:
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise OldUrlError(
                _("原网址应以 http:// 或 https:// 开头，或为以“/”开头的路径。")
            )
    elif not value.startswith("/") or value.startswith("//"):
        raise OldUrlError(
            _("原网址应以 http:// 或 https:// 开头，或为以“/”开头的路径。")
        )
    if "\\" in parts.path:
        raise OldUrlError(_("原网址的路径不能含有反斜杠。"))
    relative = parts.path or "/"
    if parts.query:
        relative += "?" + parts.query
    path = Redirect.normalise_path(relative)
    if path == "/":
        raise OldUrlError(_("原网址是网站首页，不能重定向。"))
    if control_character(unquote(path), multiline=False) is not None:
        # Percent-encoded control characters are refused as well.
        raise OldUrlError(_("原网址含有控制字符。"))
    if len(path) > MAX_OLD_PATH:
        raise OldUrlError(_("原网址超过 %(max)d 个字符。") % {"max": MAX_OLD_PATH})
    return path


def wagtail_site_for(site_root: Page) -> Site:
    """The Wagtail site that serves ``site_root``: its own, or for a
    sub-site its portal's."""
    site = site_root.get_site()
    if site is None:
        raise OldUrlError(_("目标站点没有可访问的域名，无法设置原网址重定向。"))
    return site


def _refuse_foreign(redirect: Redirect, *, site_root: Page, path: str) -> None:
    """An old path another (sub-)site migrated, or a hand-made redirect to a
    page outside ``site_root``, is not this site's to take over."""
    other = (
        MigratedUrl.objects.filter(redirect=redirect)
        .exclude(site=site_root)
        .select_related("site")
        .first()
    )
    target = redirect.redirect_page
    if other is None and (
        target is None
        or target.pk == site_root.pk
        or target.is_descendant_of(site_root)
    ):
        return
    raise OldUrlError(
        _("原网址 %(path)s 已被“%(owner)s”使用，不能重定向到本站页面。")
        % {"path": path, "owner": other.site.title if other else target.title}
    )


def redirect_old_url(
    *,
    run: MigrationRun | None,
    site_root: Page,
    kind: str,
    source_id: str,
    old_url: str,
    page: Page | None,
) -> MigratedUrl:
    """Answer ``old_url`` on the site of ``site_root`` with 301 to ``page``;
    ``OldUrlError`` when it cannot (``redirect_old_urls`` for one record)."""
    problems = redirect_old_urls(
        run=run, site_root=site_root, kind=kind, rows=[(source_id, page, old_url)]
    )
    if problems:
        raise OldUrlError(problems[0][1])
    return MigratedUrl.objects.get(site=site_root, old_url=normalised_old_path(old_url))


def redirect_old_urls(
    *,
    run: MigrationRun | None,
    site_root: Page,
    kind: str,
    rows: list[tuple[str, Page | None, str]],
    chunk: int = 500,
) -> list[tuple[str, str]]:
    """Answer each (source id, page, old URL) on the site of ``site_root`` with
    301 to its page, a few queries per ``chunk`` of rows; returns (source id,
    Chinese reason) of each row refused.

    Idempotent: a re-run moves the same redirect to the record's page. An old
    path already redirected to a page outside ``site_root`` (another sub-site
    of the same portal, the portal itself) is refused: it belongs to them.
    """
    problems: list[tuple[str, str]] = []
    wanted: dict[str, tuple[str, Page]] = {}
    for source_id, page, old_url in rows:
        try:
            path = normalised_old_path(old_url)
            if page is None:
                raise OldUrlError(
                    _("原网址 %(path)s 没有对应的新页面。") % {"path": path}
                )
        except OldUrlError as error:
            problems.append((source_id, str(error)))
            continue
        wanted[path] = (source_id, page)  # a later record with the path wins
    if not wanted:
        return problems
    try:
        site = wagtail_site_for(site_root)
    except OldUrlError as error:
        return problems + [(source_id, str(error)) for source_id, _p in wanted.values()]
    paths = list(wanted)
    for start in range(0, len(paths), chunk):
        with transaction.atomic():
            problems += _redirect_chunk(
                run=run,
                site=site,
                site_root=site_root,
                kind=kind,
                wanted={path: wanted[path] for path in paths[start : start + chunk]},
            )
    return problems


def _redirect_chunk(*, run, site, site_root, kind, wanted) -> list[tuple[str, str]]:
    problems = []
    existing = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.select_for_update(of=("self",))
        .filter(site=site, old_path__in=list(wanted))
        .select_related("redirect_page")
    }
    for path, redirect in list(existing.items()):
        try:
            _refuse_foreign(redirect, site_root=site_root, path=path)
        except OldUrlError as error:
            problems.append((wanted.pop(path)[0], str(error)))
            del existing[path]
    new, changed = [], []
    for path, (_source_id, page) in wanted.items():
        redirect = existing.get(path) or Redirect(site=site, old_path=path)
        redirect.redirect_page = page
        redirect.redirect_page_route_path = ""
        redirect.redirect_link = ""
        redirect.is_permanent = True
        (changed if redirect.pk else new).append(redirect)
        existing[path] = redirect
    Redirect.objects.bulk_create(new)
    Redirect.objects.bulk_update(
        changed,
        ["redirect_page", "redirect_page_route_path", "redirect_link", "is_permanent"],
    )
    migrated = {
        row.old_url: row
        for row in MigratedUrl.objects.filter(site=site_root, old_url__in=list(wanted))
    }
    new, changed = [], []
    for path, (source_id, page) in wanted.items():
        row = migrated.get(path) or MigratedUrl(site=site_root, old_url=path)
        row.kind, row.source_id, row.page = kind, source_id, page
        row.redirect, row.run = existing[path], run
        (changed if row.pk else new).append(row)
    MigratedUrl.objects.bulk_create(new)
    MigratedUrl.objects.bulk_update(
        changed, ["kind", "source_id", "page", "redirect", "run"]
    )
    return problems
