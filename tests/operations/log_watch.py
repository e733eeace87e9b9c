"""Watch every log line written during a test for a child's name or date of birth.

`LogWatch` is a logging handler on the root logger (and on `django.server`, which does not
propagate) that keeps each record both as the JSON line production writes and as its plain
message. Children are learnt as they are saved (post_save) and, at the end of the test body,
from the database; `leaks()` lists every line that names one of them or gives their date of
birth in any of the forms the pages use.
"""

import datetime as dt
import logging
import re
from typing import Any

from django.db.models.signals import post_save

from missinghub.children.models import Child, ChildAlias
from missinghub.operations.logs import JsonFormatter, RequestIdFilter

LOGGERS = ("", "django.server")


def date_forms(day: dt.date) -> set[str]:
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        day.strftime("%d.%m.%Y"),
    }


class LogWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.names: set[str] = set()
        self.dates: set[str] = set()
        self._json = JsonFormatter()
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self._json.format(record))
        self.lines.append(record.getMessage())

    def remember(self, given_name: str, family_name: str, date_of_birth: Any = None) -> None:
        self.names |= {name for name in (given_name, family_name) if len(name.strip()) > 1}
        if isinstance(date_of_birth, dt.date):
            self.dates |= date_forms(date_of_birth)

    def _saved(self, sender: type, instance: Any, **kwargs: Any) -> None:
        self.remember(
            instance.given_name, instance.family_name, getattr(instance, "date_of_birth", None)
        )

    def start(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).addHandler(self)
        post_save.connect(self._saved, sender=Child, dispatch_uid=f"log-watch-{id(self)}")
        post_save.connect(self._saved, sender=ChildAlias, dispatch_uid=f"log-watch-a-{id(self)}")

    def stop(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self)
        post_save.disconnect(sender=Child, dispatch_uid=f"log-watch-{id(self)}")
        post_save.disconnect(sender=ChildAlias, dispatch_uid=f"log-watch-a-{id(self)}")

    def remember_children_in_database(self) -> None:
        """Also children made without signals (bulk loads); quiet when the test has no DB."""
        try:
            for row in Child.objects.values_list("given_name", "family_name", "date_of_birth"):
                self.remember(*row)
            for given, family in ChildAlias.objects.values_list("given_name", "family_name"):
                self.remember(given, family)
        except Exception:  # noqa: S110  # no database access in this test: signals suffice
            pass

    def leaks(self) -> list[str]:
        words = [re.escape(name) for name in sorted(self.names)]
        pattern = re.compile(r"\b(" + "|".join(words) + r")\b") if words else None
        return [
            line
            for line in self.lines
            if (pattern is not None and pattern.search(line))
            or any(day in line for day in self.dates)
        ]
