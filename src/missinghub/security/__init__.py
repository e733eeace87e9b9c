"""Transport and session security: the Content-Security-Policy and the session time limits.

Middleware only, no models. Settings live in `missinghub.settings.base` (and `production`).
"""
