"""The long tables of a child's page: links as `reverse` makes them, every value escaped."""

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.casework.timeline import TimelineEntry
from missinghub.episodes.selectors import EpisodeRow
from missinghub.kit.links import link_maker
from missinghub.web.templatetags.long_tables import episode_rows, timeline_rows


@pytest.mark.parametrize("name", ["web:episode", "web:child", "casework:interview"])
def test_a_link_maker_gives_what_reverse_gives(name):
    link = link_maker(name)
    assert [link(pk) for pk in (1, 42, 987654)] == [
        reverse(name, args=[pk]) for pk in (1, 42, 987654)
    ]


def test_every_value_in_a_row_is_escaped():
    when = dt.datetime(2025, 3, 4, 22, 40, tzinfo=dt.UTC)
    entry = TimelineEntry(
        when=when,
        kind="Episode",
        title="<b>bold</b>",
        detail='Reported by "A & B"',
        url="/x?a=1&b=2",
    )
    html = timeline_rows([entry])
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&quot;A &amp; B&quot;" in html and 'href="/x?a=1&amp;b=2"' in html
    assert "4 Mar 2025 22:40" in html
    episode = EpisodeRow(7, "Missing <now>", "Open", when, None, "Police")
    row = episode_rows([(episode, "/episodes/7/")])
    assert "Missing &lt;now&gt;" in row and "Not yet" in row and "4 Mar 2025 22:40" in row


def test_an_all_day_entry_shows_its_uk_date_without_a_time():
    from missinghub.casework.timeline import start_of

    entry = TimelineEntry(
        when=start_of(dt.date(2025, 7, 4)), kind="Placement", title="Foster began", all_day=True
    )
    html = timeline_rows([entry])
    assert ">4 Jul 2025</td>" in html
