"""Keras to_json → layer list (placeholder)."""


def layer_list(config: dict) -> dict:
    raise NotImplementedError
