from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "missinghub.linkage"
    verbose_name = "Record linkage"

    def ready(self) -> None:
        from missinghub.episodes import hooks
        from missinghub.linkage import door

        hooks.match_child.register(door.match_child)
        hooks.match_children.register(door.match_children)
