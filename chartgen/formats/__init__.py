"""The printed formats: each takes `Content` and options and returns finished PDF bytes."""
