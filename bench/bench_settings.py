"""Settings of the gunicorn in bench/web_mixed_load.py: the demo's (DEBUG off through the
environment, as bench/web_child_page.py sets it), with bench/bench_urls.py as the URLconf."""

from missinghub.settings.demo import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
