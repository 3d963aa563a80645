"""The web: pages, the API, forms and permalinks."""
