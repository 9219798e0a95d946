"""Hand-written Keras 3 ``to_json()`` documents, for the import tests and the hostile payloads."""


def functional_with(entry: dict) -> dict:
    """A Keras 3 to_json() of Input(4) → ``entry``."""
    tensor = {
        "class_name": "__keras_tensor__",
        "config": {"shape": [None, 4], "dtype": "float32", "keras_history": ["inp", 0, 0]},
    }
    layer = {
        "module": "keras.layers",
        "registered_name": None,
        "inbound_nodes": [{"args": [tensor], "kwargs": {}}],
        **entry,
    }
    layer["name"] = entry["config"]["name"]
    return {
        "module": "keras.src.models.functional",
        "class_name": "Functional",
        "config": {
            "name": "m",
            "layers": [
                {
                    "module": "keras.layers",
                    "class_name": "InputLayer",
                    "registered_name": None,
                    "name": "inp",
                    "config": {"batch_shape": [None, 4], "dtype": "float32", "name": "inp"},
                    "inbound_nodes": [],
                },
                layer,
            ],
            "input_layers": ["inp", 0, 0],
            "output_layers": [layer["name"], 0, 0],
        },
        "registered_name": "Functional",
    }


def dense(**config) -> dict:
    return {"class_name": "Dense", "config": {"name": "d", "units": 2, **config}}


def keras_object(module: str, class_name: str, config, registered_name: str | None = None) -> dict:
    """A serialised Keras object (an initializer, regularizer, function, dtype policy) as to_json() writes it."""
    return {"module": module, "class_name": class_name, "config": config, "registered_name": registered_name}
