"""Every named route of the URLconf, found by walking the resolver."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class FoundRoute:
    name: str  # "namespace:name", or the pattern when the route has no name
    pattern: str
    parameters: tuple[str, ...]


def _walk(
    patterns: list, prefix: str = "", namespace: str | None = None, groups: tuple[str, ...] = ()
) -> Iterator[FoundRoute]:
    for entry in patterns:
        found = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner, groups + found)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield FoundRoute(name or pattern, pattern, groups + found)


def all_routes() -> list[FoundRoute]:
    return list(_walk(get_resolver().url_patterns))
