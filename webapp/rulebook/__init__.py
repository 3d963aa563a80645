"""The rule book: reading, checking, loading and publishing the rule files."""
