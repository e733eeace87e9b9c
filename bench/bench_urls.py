"""The URLs gunicorn serves in bench/web_mixed_load.py: MissingHub's, and beside them the peer's
plain Django detail page (bench/peer_urls.py), so both are served by the same processes."""

from peer_urls import urlpatterns as peer

from missinghub.urls import handler500
from missinghub.urls import urlpatterns as missinghub

urlpatterns = [*peer, *missinghub]
__all__ = ["handler500", "urlpatterns"]
