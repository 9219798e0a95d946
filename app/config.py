"""Settings, read once from the environment (prefix ``LAYERLAB_``).

Every limit a client can run into lives here, so the README's "Limits and safety" table and the
code cannot disagree (``tests/test_readme.py`` checks every row against these fields and defaults).
"""

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LAYERLAB_")

    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, description="Port the server listens on.")
    access_log: bool = Field(False, description="Log every request (python -m app); off: a class makes thousands.")
    workers: int = Field(
        default_factory=lambda: max(1, os.cpu_count() or 1),
        ge=1,
        le=64,
        description="Keras worker processes (default: one per core).",
    )
    worker_max_tasks: int = Field(
        10_000,
        ge=0,
        description="Tasks a worker runs before it is replaced (0: never): bounds its slow growth (~5 MB per 1000).",
    )
    worker_models: int = Field(
        128, ge=0, description="Built models each worker keeps for the next request of the same model (0: none)."
    )
    worker_model_bytes: int = Field(
        128 * 1024 * 1024,
        ge=0,
        description="Most bytes of kept models' weights per worker (counted twice: the model and its initial "
        "weights); a model over a quarter of it is not kept.",
    )
    timeout_seconds: float = Field(
        30.0, gt=0, description="Longest a request may run in a worker before it is cut off (504)."
    )
    max_queue: int = Field(256, ge=1, description="Requests waiting for a worker before new ones get 503.")
    cache_entries: int = Field(2048, ge=0, description="Answers kept in memory for identical requests (0: no cache).")
    cache_bytes: int = Field(
        16 * 1024 * 1024,
        ge=0,
        description="Most bytes of answers kept for identical requests; one answer over 1/8 of it is not kept.",
    )
    warm_examples: bool = Field(True, description="Compute the lesson examples at start-up, before /readyz says ready.")
    teacher_steps: Path | None = Field(
        None,
        description="A folder of a teacher's own step files (NN-<id>.toml), shown after the lesson; a file with "
        "a mistake is left out and reported.",
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body (413).")
    max_summary_layers: int = Field(
        1000, ge=1, description="Most layers in a model that is summarised, imported or written as code (422)."
    )
    max_summary_params: int = Field(
        30_000_000,
        ge=1,
        description="Most parameters in a model that is summarised, imported or written as code (422).",
    )
    max_layers: int = Field(100, ge=1, description="Most layers in a model that is run (predict, 422).")
    max_params: int = Field(10_000_000, ge=1, description="Most parameters in a model that is run (predict, 422).")
    max_tensor_elements: int = Field(
        8_388_608,
        ge=1,
        description="Most numbers in one layer output, batch included (422).",
    )
    max_sequence_length: int = Field(1000, ge=1, description="Most time steps a recurrent layer may run over (422).")
    max_work: int = Field(
        5_000_000_000,
        ge=1,
        description="Most multiply-adds one request may cost, batch included (422).",
    )
    max_batch: int = Field(256, ge=1, description="Largest batch in one predict request (422).")
    max_output_numbers: int = Field(
        1_000_000,
        ge=1,
        description="Most numbers one predict answer may carry, trace included (422).",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
