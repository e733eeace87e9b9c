"""The protocols engine: pure Python (no Django), so it can be tested and replayed anywhere."""

from missinghub.protocols.engine.evaluate import evaluate, evaluate_history
from missinghub.protocols.engine.loading import (
    ProtocolError,
    load_protocol,
    load_protocol_folder,
    parse_protocol,
)
from missinghub.protocols.engine.model import (
    ChildHistory,
    Decision,
    EpisodeRecord,
    Event,
    Protocol,
)

__all__ = [
    "ChildHistory",
    "Decision",
    "EpisodeRecord",
    "Event",
    "Protocol",
    "ProtocolError",
    "evaluate",
    "evaluate_history",
    "load_protocol",
    "load_protocol_folder",
    "parse_protocol",
]
