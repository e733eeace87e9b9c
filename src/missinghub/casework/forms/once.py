"""The one-time token every create form carries (see services/submissions.py)."""

import uuid

from django import forms


class OnceOnly(forms.Form):
    """Adds a hidden `submission_id`, new each time the empty form is shown. The template
    renders it with `{{ form.submission_id }}`."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["submission_id"].error_messages["required"] = (
            "This form has expired: open it again and re-enter your answers"
        )
