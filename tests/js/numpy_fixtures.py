"""Writes numpy-fixtures.json: how numpy (the project's own) prints float32 values and arrays (str(np.float32(x))
and repr), for the tests of static/js/numbers.js. Data, not code: do not edit it by hand.

Run it again after a numpy upgrade: /work/venv/bin/python tests/js/numpy_fixtures.py
"""

import json
import re
import subprocess
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def scalars() -> list[float]:
    rng = np.random.default_rng(9)
    random_bits = rng.integers(0, 2**31 - 2**23, size=800, dtype=np.uint32).view(np.float32)
    lesson_like = (rng.standard_normal(800) * rng.choice([1e-6, 1e-3, 0.1, 1, 10, 1e4, 1e7], 800)).astype(np.float32)
    edges = [np.float32(2.0**k) for k in range(-149, 128, 3)]
    edges += [np.nextafter(e, np.float32(0)) for e in edges] + [np.nextafter(e, np.float32(np.inf)) for e in edges]
    named = [0.0, -0.0, 1e-4, 1e6, 999999.94, 1.1095301, 1.11e-5, 0.0213, 15010.5, 0.1, 0.2, 0.3, 1 / 3, 2.0**-9]
    values = np.concatenate([random_bits, lesson_like, np.array(edges + named, dtype=np.float32)])
    values = values[np.isfinite(values)]
    return [float(v) for v in values] + [-float(v) for v in values[:200]]


def arrays() -> list[dict]:
    rng = np.random.default_rng(3)
    cases = [
        np.array([[6, 10], [7.2, 12]]),
        np.array([1e-5, 1, 2]),
        np.array([0.5, 1e6]),
        np.array([0.5, 999999]),
        np.array([[-1.5, 2], [3, 4]]),
        np.array([0.0213456789, 1]),
        np.array([0.1, 1.2345678e-5]),
        np.array([-0.0, 1.5]),
        np.array([2.0**-9, 1]),
        np.arange(30) / 7,
        np.arange(2000).reshape(40, 50),
        np.zeros((1, 2, 3, 2)),
        np.zeros((2, 0, 3)),
        np.zeros((0,)),
        np.array(1.5),
        rng.standard_normal((1, 4, 5)) * 0.05,
        rng.standard_normal((2, 3, 4, 3)),
        rng.standard_normal((1, 9, 9, 2)) * 100,
        rng.standard_normal((1, 20, 20, 3)),
        rng.standard_normal((3, 12)) * 1e-3,
        rng.standard_normal((1, 5)) * 1e7,
        np.array([np.nan, 1.0, -np.inf]),
    ]
    out = [
        {
            "shape": list(a.shape),
            "values": [float(v) for v in a.astype(np.float32).ravel()],
            "dtype": "float32",
            "repr": repr(a.astype(np.float32)),
        }
        for a in cases
    ]
    for a in [np.array([[1, 2], [30, -4]]), np.arange(12).reshape(3, 4)]:
        b = a.astype(np.int32)
        out.append({"shape": list(b.shape), "values": [int(v) for v in b.ravel()], "dtype": "int32", "repr": repr(b)})
    return out


def main() -> None:
    values = scalars()
    data = {
        "numpy": np.__version__,
        "scalars": [[v, str(np.float32(v))] for v in values],
        "arrays": arrays(),
    }
    path = HERE / "numpy-fixtures.json"
    # JSON has no NaN or Infinity: they are written as strings, which the tests read back as numbers
    path.write_text(re.sub(r"-?Infinity|NaN", r'"\g<0>"', json.dumps(data)) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(path)], check=True, cwd=HERE.parents[1])


if __name__ == "__main__":
    main()
