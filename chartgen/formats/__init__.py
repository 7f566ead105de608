"""The printed formats: each takes `Content` and options and returns finished PDF bytes."""

FORMATS: tuple[str, ...] = ("poster", "card", "booklet")
"""The formats chartgen makes, in the order batch and check go through them."""
