from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ChildrenConfig(AppConfig):
    name = "missinghub.children"
    verbose_name = "Children"

    def ready(self) -> None:
        from missinghub.children.name_search import use_on_sqlite

        connection_created.connect(use_on_sqlite, dispatch_uid="children.trigram_similarity")
