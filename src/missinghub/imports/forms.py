"""The upload form: which mapping (so which agency and layout), and the file."""

from pathlib import Path
from typing import Any

from django import forms

from missinghub.casework.forms.once import OnceOnly
from missinghub.imports.services import MappingChoice

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx")


class UploadForm(OnceOnly):
    """Sent once: Back and send again shows the run the first sending queued."""

    mapping = forms.ChoiceField(
        error_messages={
            "required": "Select the layout the file is in",
            "invalid_choice": "Select one of the layouts your agency may load",
        },
    )
    file = forms.FileField(error_messages={"required": "Select a CSV or Excel file to import"})

    def __init__(self, *args: Any, choices: list[MappingChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = {choice.file_name: choice for choice in choices}
        field = self.fields["mapping"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [(choice.file_name, choice.label) for choice in choices]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError("The file must be a CSV file or an Excel .xlsx file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 50 MB")
        return upload

    def chosen(self) -> MappingChoice:
        return self.choices[self.cleaned_data["mapping"]]
