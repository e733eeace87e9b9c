"""Database backends for the test settings only: the real engines, with one difference.

Browser tests use transactional test cases, which empty every table after each test (flush).
The audit table's append-only guard rightly refuses that. These backends wrap the flush SQL so
the guard is lifted and restored inside the flush's own transaction; every other statement,
including every test of the guard itself, meets the guard as production does.
"""
