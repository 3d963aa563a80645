"""What the tests share that is not a fixture: the app as tests make it, reference profiles, and helpers.

Fixtures and hooks live in tests/conftest.py; test modules import plain helpers and data from here, never from
one another.
"""
