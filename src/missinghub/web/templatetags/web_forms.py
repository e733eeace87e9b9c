from typing import Any

from django import forms, template

register = template.Library()

BOXES = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4), ("time", "Time", 4))


@register.simple_tag
def date_parts(form: forms.Form, prefix: str) -> dict[str, Any]:
    """The day, month, year (and time) boxes of one date question, with their errors."""
    boxes: list[dict[str, Any]] = []
    errors: list[str] = []
    for part, label, width in BOXES:
        name = f"{prefix}_{part}"
        if name not in form.fields:
            continue
        bound = form[name]
        boxes.append(
            {
                "id": f"id_{name}",
                "name": name,
                "label": label,
                "width": width,
                "value": bound.value(),
            }
        )
        errors.extend(str(error) for error in bound.errors)
    return {"boxes": boxes, "errors": errors}
