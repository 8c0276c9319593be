"""Warm a server process before its first request (#20.7).

A fresh process used to make its first visitor pay for importing the URL
configuration (Wagtail's admin URLs alone take about 0.3 s), loading the
translation catalogs and compiling the templates. config/wsgi.py calls
``warm_up`` once; under gunicorn's ``preload_app`` that happens in the master,
so the forked workers start warm. Management commands and tests never load the
WSGI module; the setting ``WARM_UP_ON_START`` turns it off for servers too.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up() -> bool:
    """Import the URLs, load the catalogs, compile the project's templates;
    True when done. A failure is logged: the server starts anyway."""
    if not getattr(settings, "WARM_UP_ON_START", False):
        return False
    started = time.monotonic()
    try:
        resolver = get_resolver()
        resolver.reverse_dict  # noqa: B018 - imports every URL module, once
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("搜索")
        compiled = sum(_compile(name) for name in project_templates())
    except Exception:
        logger.exception("Warming up the server process failed")
        return False
    logger.info(
        "Server process warmed up in %.2f s (%d templates)",
        time.monotonic() - started,
        compiled,
    )
    return True


def project_templates() -> list[str]:
    """Names of the project's own templates: the shared directory and the
    templates/ of each app in the project (not those of installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(directory) for directory in settings.TEMPLATES[0].get("DIRS", [])]
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # Not the installed packages, even in a virtualenv inside the project.
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            roots.append(path / "templates")
    names: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            name = path.relative_to(root).as_posix()
            if name not in names:
                names.append(name)
    return names


def _compile(name: str) -> int:
    # The cached loader keeps the compiled template for every later request.
    try:
        get_template(name)
    except TemplateSyntaxError:
        logger.exception("Template %s does not compile", name)
        return 0
    return 1
