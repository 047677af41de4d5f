"""Read the forms of an HTML page as a browser would submit them.

``forms_of(html)`` gives each ``<form>`` with its action, method and fields: what a browser
would send as it stands (text, hidden, textarea, the selected option, checked boxes and radios),
and every field's name, kind and choices, so that tests can send the form back, change one
field, or generate values for each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    name: str
    kind: str  # text, hidden, textarea, select, radio, checkbox, file, submit, email, ...
    values: list[str] = field(default_factory=list)  # what a browser sends as it stands
    choices: list[str] = field(default_factory=list)  # radio, checkbox and select options
    multiple: bool = False
    max_length: int | None = None


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: dict[str, FormField] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)  # (name, value) of buttons

    def data(self) -> dict[str, list[str]]:
        """The form as a browser would send it, without pressing a named button."""
        return {
            name: list(f.values)
            for name, f in self.fields.items()
            if f.values and f.kind not in ("submit", "file")
        }

    def _field(self, name: str, kind: str) -> FormField:
        if name not in self.fields:
            self.fields[name] = FormField(name, kind)
        return self.fields[name]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                action=a.get("action", ""),
                method=(a.get("method") or "get").upper(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                form.submits.append((name, a.get("value", "")))
                return
            if kind == "button":
                return
            item = form._field(name, kind)
            if kind in ("radio", "checkbox"):
                item.choices.append(a.get("value", "on"))
                item.multiple = kind == "checkbox"
                if "checked" in a:
                    item.values.append(a.get("value", "on"))
            elif kind != "file":
                item.values.append(a.get("value", ""))
            if a.get("maxlength", "").isdigit():
                item.max_length = int(a["maxlength"])
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form.submits.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = form._field(name, "textarea")
            self._textarea.values.append("")
        elif tag == "select" and name:
            self._select = form._field(name, "select")
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.values[-1] += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # A newline straight after <textarea> is not part of the value (HTML spec).
            value = self._textarea.values[-1]
            self._textarea.values[-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._close_option()
            item = self._select
            if not item.values and item.choices and not item.multiple:
                item.values.append(item.choices[0])  # a browser sends the first option
            self._select = None

    def _close_option(self) -> None:
        assert self._select is not None and self._option is not None
        value, selected = self._option
        value = self._option_text.strip() if value is None else value
        self._select.choices.append(value)
        if selected:
            self._select.values.append(value)
        self._option = None


def forms_of(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html: str, path: str) -> HtmlForm | None:
    """The page's POST form whose action is ``path`` (or, with no action, the only one)."""
    posts = [f for f in forms_of(html) if f.method == "POST"]
    for form in posts:
        if form.action.split("?")[0] == path:
            return form
    blank = [f for f in posts if not f.action]
    return blank[0] if len(blank) == 1 else None
