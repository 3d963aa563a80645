"""Serving: how responses leave (headers, gzip, page cache, PDF), logs and the gunicorn settings."""
