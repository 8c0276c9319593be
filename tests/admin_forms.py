"""Post an admin form as the browser does: every field the page renders.

``browser_form_data`` fetches the admin page, reads its editor form (inputs,
selects, textareas, management forms of inline panels and comments) with the
values the browser would send, and applies the test's overrides on top.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_fields(html: str, *, form_selector: str = "form[data-edit-form]") -> dict:
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(form_selector) or soup.select_one("form[method=post]")
    assert form is not None, "no editor form on the page"
    data: dict[str, str] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.find_parent("template") is not None:
            continue  # inert: the empty forms of inline panels are not sent
        if field.name == "textarea":
            # Browsers drop the newline Django writes after <textarea>.
            text = field.text
            data[name] = text[1:] if text.startswith("\n") else text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", chosen.text) if chosen else ""
        else:
            kind = (field.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data[name] = field.get("value", "on")
                continue
            data[name] = field.get("value", "")
    return data


def browser_form_data(client, url: str, **overrides) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = form_fields(response.content.decode())
    data.update({key: value for key, value in overrides.items() if value is not None})
    for key in [k for k, v in overrides.items() if v is None]:
        data.pop(key, None)
    return data


def page_errors(html: str) -> list[str]:
    """The error texts an editor sees on a re-rendered admin form."""
    soup = BeautifulSoup(html, "html.parser")
    found = soup.select(
        ".messages .error, .error-message, .w-field__errors, .help-critical"
    )
    return [" ".join(node.get_text(" ").split()) for node in found]
