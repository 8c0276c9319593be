"""The accessibility toolbar's (无障碍) settings as the server sees them.

The browser keeps them in localStorage (``gc-a11y``, a JSON object) and in a
first-party cookie of the same name. The cookie is what lets the server render
the classes on <html> (no flash before the first paint, no JavaScript needed
for the elder-mode link) and, when ``A11Y_COOKIE_DOMAIN`` names the parent
domain the cluster's sites share, what carries the settings from one site to
the next: localStorage is per origin.

Cookie format (also read by static/js/a11y-head.js):
``<fontSize>.<flags>.<t>``, e.g. ``large.scke.1765000000000``: a font size,
one letter per switch that is on, and the time of the change in milliseconds
(the newer of cookie and localStorage wins in the browser). Anything else is
ignored: the cookie is visitor input.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.conf import settings

COOKIE = "gc-a11y"
MAX_AGE = 365 * 24 * 3600
FONT_SIZES = ("small", "medium", "large")
# Switch -> (cookie letter, class on <html>).
SWITCHES = {
    "lineSpacing": ("s", "gc-spacing"),
    "contrast": ("c", "gc-contrast"),
    "cursor": ("k", "gc-cursor"),
    "guide": ("g", "gc-guide"),
    "elder": ("e", "elder-mode"),
}
_COOKIE_RE = re.compile(r"(small|medium|large)\.([sckge]{0,5})\.(\d{1,15})")

# Static files this feature adds to every page (the budget test gzips them).
STATIC_FILES = ("js/a11y-head.js", "js/a11y.js", "css/a11y.css")


@dataclass(frozen=True)
class A11ySettings:
    font_size: str = "medium"
    switches: frozenset[str] = frozenset()

    @property
    def elder(self) -> bool:
        return "elder" in self.switches

    @property
    def html_classes(self) -> str:
        """Classes for <html>; none for the defaults (a11y-head.js adds them)."""
        if self == DEFAULT:
            return ""
        classes = [f"gc-font-{self.font_size}"]
        classes += [SWITCHES[name][1] for name in SWITCHES if name in self.switches]
        return " ".join(classes)

    def cookie_value(self, *, now_ms: int | None = None) -> str:
        letters = "".join(
            SWITCHES[name][0] for name in SWITCHES if name in self.switches
        )
        stamp = now_ms if now_ms is not None else int(time.time() * 1000)
        return f"{self.font_size}.{letters}.{stamp}"


# 长者模式: the toolbar's preset (large text, line spacing, contrast, cursor).
ELDER_PRESET = A11ySettings(
    font_size="large",
    switches=frozenset({"lineSpacing", "contrast", "cursor", "elder"}),
)
DEFAULT = A11ySettings()


def parse_cookie(value: str | None) -> A11ySettings | None:
    """The settings in a ``gc-a11y`` cookie, or None when it is absent or bad."""
    match = _COOKIE_RE.fullmatch(value or "")
    if match is None:
        return None
    letters = match.group(2)
    return A11ySettings(
        font_size=match.group(1),
        switches=frozenset(
            name for name, (letter, _) in SWITCHES.items() if letter in letters
        ),
    )


def settings_for_request(request, *, legacy_cookie: str) -> A11ySettings:
    """The visitor's settings: the toolbar cookie, else the old elder-mode cookie."""
    parsed = parse_cookie(request.COOKIES.get(COOKIE))
    if parsed is not None:
        return parsed
    if request.COOKIES.get(legacy_cookie) == "1":
        return ELDER_PRESET
    return DEFAULT


def cookie_domain(host: str) -> str | None:
    """The shared parent domain (``A11Y_COOKIE_DOMAIN``) when ``host`` is under it.

    Otherwise None: a host-only cookie (a browser refuses a cookie for a domain
    its host is not under, so e.g. the demo's localhost sites keep their own).
    """
    domain = (getattr(settings, "A11Y_COOKIE_DOMAIN", "") or "").strip().lower()
    if not domain:
        return None
    domain = "." + domain.lstrip(".")
    hostname = host.split(":")[0].lower()
    return domain if ("." + hostname).endswith(domain) else None
