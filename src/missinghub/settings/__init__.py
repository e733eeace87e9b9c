"""Settings modules: `production` (the default), `demo` (make demo) and `test` (the test suite).

Every one reads the environment through `base.py`, which documents each setting.
"""
