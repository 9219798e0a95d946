"""The shipped pictures and the PNG reader (app/pictures.py): the files are the ones the script draws."""

import numpy as np
import pytest

from app import pictures
from scripts.make_pictures import PICTURES


def test_every_shipped_picture_is_the_one_the_script_draws_and_is_small():
    assert pictures.names() == sorted(PICTURES)
    for name, draw in PICTURES.items():
        array = pictures.pixels(name)
        assert array.shape == (128, 128, 3) and array.dtype == np.uint8
        np.testing.assert_array_equal(array, draw().astype(np.uint8))
        assert (pictures.FOLDER / f"{name}.png").stat().st_size < 20_000


@pytest.mark.parametrize("shape", [(7, 5, 3), (9, 4, 1), (1, 1, 3)])
def test_a_png_reads_back_as_written_whatever_filters_its_rows_use(shape):
    array = np.random.default_rng(sum(shape)).integers(0, 256, shape).astype(np.uint8)
    np.testing.assert_array_equal(pictures.read_png(pictures.write_png(array)), array)


def test_the_reader_refuses_what_it_does_not_read():
    with pytest.raises(pictures.PictureError, match="not a PNG file"):
        pictures.read_png(b"GIF89a")
    sixteen_bit = bytearray(pictures.write_png(np.zeros((2, 2, 3), dtype=np.uint8)))
    sixteen_bit[24] = 16  # the IHDR's bit depth
    with pytest.raises(pictures.PictureError, match="expected an 8-bit greyscale or RGB PNG"):
        pictures.read_png(bytes(sixteen_bit))
    with pytest.raises(pictures.PictureError, match="expected the name of a shipped picture"):
        pictures.pixels("../secret")
