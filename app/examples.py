"""The lesson's examples (placeholder until the notebook cells are transcribed)."""

EXAMPLES: list = []
