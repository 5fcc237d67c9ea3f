"""Traces: the versioned JSON format, replay, and renderings."""
