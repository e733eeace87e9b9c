from django import forms

DECISIONS = [
    ("same", "The same child: merge the two records"),
    ("different", "Different children: keep both records"),
]


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISIONS)
    reason = forms.CharField(max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["decision"].error_messages["required"] = "Select whether they are one child"
        self.fields["reason"].error_messages["required"] = "Give the reason for your decision"


class UnmergeForm(forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reason"].error_messages["required"] = "Give the reason for undoing the merge"


REFERENCE_DECISIONS = [
    ("same", "The same child: the reference is theirs, and the next import attaches its rows"),
    ("different", "A different child: the rows stay held until the source is corrected"),
]


class ReferenceDecisionForm(ReviewDecisionForm):
    decision = forms.ChoiceField(choices=REFERENCE_DECISIONS)
