"""Deployment: several app processes behind nginx sharing one PostgreSQL (``cluster.py``)."""
