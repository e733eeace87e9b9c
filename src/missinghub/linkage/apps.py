from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "missinghub.linkage"
    verbose_name = "Record linkage"

    def ready(self) -> None:
        from missinghub.episodes import hooks
        from missinghub.linkage import door

        hooks.match_child.register(door.match_child)
        # `episodes.match_children` (imports) is not registered yet: `door.match_children` costs
        # about 5 ms a person with the index built, so an import would fall from ~11,000 rows/s
        # to a few hundred (docs/imports.md). It is ready for a faster batch matcher.
