"""The wording: outcomes and numbers into sentences, in a language."""
