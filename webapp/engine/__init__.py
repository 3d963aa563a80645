"""The engine: answers and a date in, outcomes and numbers out (no words, no Flask)."""
