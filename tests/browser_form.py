"""Post an admin form the way a browser does: every field with its shown value.

Regression tests of admin forms must not hand-pick the POST data, or they miss
what a browser really sends (formset management forms, unchecked boxes left
out, hidden inputs). ``form_data`` reads the rendered form and returns what a
browser submits when the user saves without changing anything;
``add_inline_form`` does what the inline panel's add button (e.g. 增加域名) does.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

SKIPPED_TYPES = {"submit", "button", "reset", "file", "image"}


def _fields(container, *, include_templates: bool) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for field in container.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        # Empty inline forms live in <template> elements: never submitted.
        if not include_templates and (
            field.find_parent("template") is not None or "__prefix__" in name
        ):
            continue
        if field.name == "input":
            kind = (field.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                continue
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data.setdefault(name, []).append(field.get("value", "on"))
                continue
            data.setdefault(name, []).append(field.get("value", ""))
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text.removeprefix("\n"))
        else:
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not field.has_attr("multiple"):
                chosen = options[:1]
            for option in chosen:
                value = option.get("value")
                data.setdefault(name, []).append(
                    option.text if value is None else value
                )
    return data


def _form(html: str, action: str | None):
    soup = BeautifulSoup(html, "html.parser")
    forms = soup.find_all("form", method=lambda m: (m or "").lower() == "post")
    if action is not None:
        # A form without an action posts to the page's own address.
        forms = [f for f in forms if f.get("action", "") in (action, "")]
    assert forms, f"no form posting to {action}"
    return max(forms, key=lambda f: len(f.find_all(["input", "select"])))


def form_data(html: str, *, action: str | None = None) -> dict:
    """The submission of the form posting to ``action`` (default: the largest)."""
    data = _fields(_form(html, action), include_templates=False)
    return {
        name: values if len(values) > 1 else values[0] for name, values in data.items()
    }


def add_inline_form(html: str, data: dict, prefix: str, **values) -> dict:
    """Add one inline form as the panel's add button does, with ``values`` typed in."""
    soup = BeautifulSoup(html, "html.parser")
    template = soup.find("template", id=f"id_{prefix}-EMPTY_FORM_TEMPLATE")
    assert template is not None, f"no add button for {prefix}"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data = {**data, f"{prefix}-TOTAL_FORMS": str(index + 1)}
    for name, field_values in _fields(template, include_templates=True).items():
        name = name.replace("__prefix__", str(index))
        data[name] = field_values if len(field_values) > 1 else field_values[0]
    for field, value in values.items():
        name = f"{prefix}-{index}-{field}"
        if value is False:
            data.pop(name, None)  # an unticked checkbox is not sent
        else:
            data[name] = "on" if value is True else value
    return data
