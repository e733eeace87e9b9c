from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "missinghub.protocols"
    verbose_name = "Area protocols"

    def ready(self) -> None:
        from missinghub.episodes import hooks
        from missinghub.protocols.police_reviews import keep_reviews_after_grading
        from missinghub.protocols.registry import check_protocols
        from missinghub.protocols.scheduling import schedule_pending_protocols
        from missinghub.protocols.services import apply_at_once

        check_protocols()
        hooks.protocol_pending.register(schedule_pending_protocols)
        hooks.episode_reported.register(apply_at_once)
        hooks.episode_returned.register(apply_at_once)
        hooks.risk_graded.register(keep_reviews_after_grading)
