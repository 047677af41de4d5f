"""No active content in a PDF the service makes from uploads (the regulator pack).

An uploaded PDF is merged page by page (``regulator/pack_pdf.render_pack``), and pypdf copies
each page with what hangs off it: a page's own actions (``/AA``: JavaScript run when the page
opens), its annotations with theirs (links that run JavaScript, launch a program, submit a form
or open an address the uploader chose; form fields with calculation scripts; attached files),
and the form's XFA. In the service's own PDF, under the service's name, none of that may act on
the reader's machine. What is printed on a page stays: its content is untouched, and a markup
annotation or a form field keeps its appearance, only losing its actions. The ZIP keeps every
upload byte for byte, as the regulator asks.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

# Annotations that exist to act (play, open, attach, link out) rather than to show a mark.
_ACTING_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)
# Keys of the document catalogue that act when it opens or closes, or hold files.
_ACTING_CATALOGUE_KEYS = ("/OpenAction", "/AA", "/URI")
_ACTING_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations")


def _dictionary(value: object) -> DictionaryObject | None:
    found = value.get_object() if hasattr(value, "get_object") else value
    return found if isinstance(found, DictionaryObject) else None


def _array(value: object) -> ArrayObject:
    found = value.get_object() if hasattr(value, "get_object") else value
    return found if isinstance(found, ArrayObject) else ArrayObject()


def _without_actions(node: DictionaryObject) -> None:
    for key in ("/A", "/AA"):
        node.pop(NameObject(key), None)


def _is_internal_link(annotation: DictionaryObject) -> bool:
    """A link to a place in the document itself (a destination, or a GoTo action)."""
    action = _dictionary(annotation.get("/A"))
    if action is None:
        return "/Dest" in annotation
    return action.get("/S") == "/GoTo" and "/Next" not in action


def _field_tree(fields: ArrayObject, seen: set[int]) -> None:
    for entry in fields:
        node = _dictionary(entry)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        _without_actions(node)
        _field_tree(_array(node.get("/Kids")), seen)


def disarm(writer: PdfWriter) -> int:
    """Remove every action, script and attached file from ``writer``'s document; the number
    of things removed."""
    removed = 0
    root = writer.root_object
    for key in _ACTING_CATALOGUE_KEYS:
        if root.pop(NameObject(key), None) is not None:
            removed += 1
    names = _dictionary(root.get("/Names"))
    if names is not None:
        for key in _ACTING_NAME_TREES:
            if names.pop(NameObject(key), None) is not None:
                removed += 1
    form = _dictionary(root.get("/AcroForm"))
    if form is not None:
        for key in ("/XFA", "/NeedsRendering"):
            if form.pop(NameObject(key), None) is not None:
                removed += 1
        _field_tree(_array(form.get("/Fields")), set())
    for page in writer.pages:
        if page.pop(NameObject("/AA"), None) is not None:
            removed += 1
        annotations = _array(page.get("/Annots"))
        if not annotations:
            continue
        kept = ArrayObject()
        for reference in annotations:
            annotation = _dictionary(reference)
            if annotation is None:
                continue
            subtype = annotation.get("/Subtype")
            if subtype in _ACTING_ANNOTATIONS or (
                subtype == "/Link" and not _is_internal_link(annotation)
            ):
                removed += 1
                continue
            if subtype != "/Link" and ("/A" in annotation or "/AA" in annotation):
                removed += 1
                _without_actions(annotation)
            parent = _dictionary(annotation.get("/Parent"))
            while parent is not None and "/Subtype" not in parent:  # a form field's fields
                _without_actions(parent)
                parent = _dictionary(parent.get("/Parent"))
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    return removed
