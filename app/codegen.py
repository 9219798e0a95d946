"""Python code for a plan (placeholder)."""


def python_code(plan) -> str:
    raise NotImplementedError
