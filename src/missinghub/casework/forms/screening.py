"""The screening form: one question per configured indicator (yes, no or possible) and when it
was seen (in the recent period or earlier), grouped by domain."""

from typing import Any

from django import forms

from missinghub.casework.config import ScreeningTool, casework_config
from missinghub.casework.forms.once import OnceOnly
from missinghub.casework.models import IndicatorAnswer
from missinghub.casework.services.screening import Answer

RECENT, EARLIER = "recent", "earlier"


class ScreeningForm(OnceOnly):
    notes = forms.CharField(widget=forms.Textarea, required=False, max_length=4000)

    def __init__(self, *args: Any, tool: ScreeningTool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        months = casework_config().exploitation.recent_months
        when_choices = [(RECENT, f"In the last {months} months"), (EARLIER, "Earlier")]
        for indicator in tool.indicators:
            # No initial answer: every indicator must be answered, "No" included.
            answer = forms.ChoiceField(choices=IndicatorAnswer.choices, label=indicator.text)
            answer.error_messages["required"] = f"Answer “{indicator.text}”"
            self.fields[indicator.code] = answer
            self.fields[f"{indicator.code}__when"] = forms.ChoiceField(
                choices=when_choices, initial=RECENT, required=False
            )

    def questions(self) -> list[dict[str, Any]]:
        """The domains with, for each indicator, its answer and when fields."""
        return [
            {
                "title": title,
                "items": [
                    {
                        "indicator": indicator,
                        "answer": self[indicator.code],
                        "when": self[f"{indicator.code}__when"],
                    }
                    for indicator in indicators
                ],
            }
            for title, indicators in self.tool.domains()
        ]

    def answers(self) -> list[Answer]:
        data = self.cleaned_data
        return [
            Answer(
                indicator.code,
                IndicatorAnswer(data[indicator.code]),
                recent=data.get(f"{indicator.code}__when") != EARLIER,
            )
            for indicator in self.tool.indicators
        ]
