"""The `missinghub` console command: Django's management commands under one name.

`missinghub migrate`, `missinghub demo_setup`, `missinghub runserver` ... all run with the
project's settings, so nobody has to remember `DJANGO_SETTINGS_MODULE` or `manage.py`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missinghub.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["missinghub", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
