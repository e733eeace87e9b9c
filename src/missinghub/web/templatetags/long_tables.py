"""Rows of the long tables on a child's page, written in Python rather than template nodes.

A child with 200 episodes has a table of 200 episodes and a timeline of 400 to 600 entries.
Rendered cell by cell with template variables, that is several thousand nodes and most of the
page's server time; here each row is one f-string with every value escaped (`html.escape`, as
Django's autoescape does). The markup is the GOV.UK table row the templates used before.

    {% load long_tables %}
    <tbody class="govuk-table__body">{% episode_rows episodes %}</tbody>
    <tbody class="govuk-table__body">{% timeline_rows timeline %}</tbody>
"""

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from missinghub.casework.timeline import TimelineEntry
from missinghub.episodes.selectors import EpisodeRow
from missinghub.web.templatetags.uk_time import uk_date, uk_datetime

register = template.Library()
CELL = '<td class="govuk-table__cell">'


def _link(url: str, text: str) -> str:
    return f'<a class="govuk-link" href="{escape(url)}">{escape(text)}</a>'


@register.simple_tag
def episode_rows(episodes: Iterable[tuple[EpisodeRow, str]]) -> SafeString:
    """One row per (episode, link): category (linked), last seen, returned, status."""
    rows = [
        f'<tr class="govuk-table__row">{CELL}{_link(url, episode.category_label)}</td>'
        f"{CELL}{escape(uk_datetime(episode.last_seen_at))}</td>"
        f"{CELL}{escape(uk_datetime(episode.returned_at) or 'Not yet')}</td>"
        f"{CELL}{escape(episode.status_label)}</td></tr>"
        for episode, url in episodes
    ]
    return mark_safe("\n".join(rows))  # noqa: S308  (every value above is escaped)


@register.simple_tag
def timeline_rows(entries: Iterable[TimelineEntry]) -> SafeString:
    """One row per entry: when, what, and the title (linked when it has a page) and detail."""
    rows = []
    for entry in entries:
        title = _link(entry.url, entry.title) if entry.url else escape(entry.title)
        if entry.detail:
            title += f'<br><span class="govuk-body-s">{escape(entry.detail)}</span>'
        when = uk_date(entry.when) if entry.all_day else uk_datetime(entry.when)
        rows.append(
            f'<tr class="govuk-table__row">{CELL}{escape(when)}</td>'
            f"{CELL}{escape(entry.kind)}</td>{CELL}{title}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308  (every value above is escaped)
