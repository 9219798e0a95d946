"""The window arithmetic: at most N numbers, from the start asked for, as square as halving makes it."""

from math import prod

import numpy as np
import pytest

from app.window import cut, window_shape


def test_a_tensor_that_fits_has_no_window():
    assert window_shape((1, 10, 10), (0, 0, 0), 100) is None


def test_the_batch_axis_shrinks_first_then_the_longest_axis_is_halved():
    assert window_shape((4, 10, 10), (0, 0, 0), 100) == (1, 10, 10)
    assert window_shape((1, 256, 256, 32), (0, 0, 0, 0), 65536) == (1, 32, 64, 32)


def test_the_window_begins_at_the_start_and_stops_at_the_end():
    assert window_shape((1, 256, 256, 32), (0, 250, 0, 0), 65536) == (1, 6, 256, 32)
    assert window_shape((5408, 10), (5400, 0), 100) == (8, 10)


def test_the_axis_halved_last_grows_back_as_far_as_fits():
    assert window_shape((3, 1000), (0, 0), 1000) == (1, 1000)
    assert window_shape((1, 3, 1000), (0, 0, 0), 1000) == (1, 3, 333)


@pytest.mark.parametrize("limit", [1, 7, 64, 1000, 4095])
@pytest.mark.parametrize("shape", [(2, 17, 33, 5), (1, 4096), (3, 3, 3, 64), (7,)])
def test_any_window_holds_at_most_the_limit_and_is_the_slice_it_says(shape, limit):
    start = tuple(d // 3 for d in shape)
    part = window_shape(shape, start, limit)
    if prod(shape) <= limit:
        assert part is None
        return
    assert 1 <= prod(part) <= limit
    assert all(1 <= n <= d - s for n, d, s in zip(part, shape, start))
    array = np.arange(prod(shape)).reshape(shape)
    window = cut(array, start, part)
    assert window.shape == part and window.flat[0] == array[start]
