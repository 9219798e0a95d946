"""Draw the pictures shipped in static/pictures/ (128 × 128 RGB PNGs): python -m scripts.make_pictures

They are drawn here from shapes, with no randomness, so anyone can make the same files again; they belong to the
project and carry its license. Edges run across and down, and at angles, so that Sobel x and Sobel y differ.
"""

from pathlib import Path

import numpy as np

from app.pictures import FOLDER, write_png

SIDE = 128
rows, cols = np.mgrid[0:SIDE, 0:SIDE]


def canvas(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> np.ndarray:
    """A vertical gradient from `top` to `bottom`."""
    t = (rows / (SIDE - 1))[..., None]
    return np.round(np.array(top) * (1 - t) + np.array(bottom) * t)


def disc(r: float, c: float, radius: float) -> np.ndarray:
    return (rows - r) ** 2 + (cols - c) ** 2 <= radius**2


def shapes() -> np.ndarray:
    image = canvas((150, 200, 240), (235, 245, 250))
    image[rows >= 100] = (70, 150, 60)
    image[disc(38, 36, 22)] = (210, 40, 40)
    image[(rows >= 52) & (rows < 96) & (cols >= 70) & (cols < 114)] = (40, 70, 190)
    triangle = (rows >= 60) & (rows < 100) & (np.abs(cols - 34) <= (rows - 60) * 0.6)
    image[triangle] = (245, 200, 40)
    return image


def house() -> np.ndarray:
    image = canvas((110, 170, 230), (200, 225, 245))
    image[disc(22, 104, 13)] = (250, 215, 60)
    image[rows >= 108] = (80, 160, 70)
    image[(rows >= 62) & (rows < 108) & (cols >= 24) & (cols < 92)] = (225, 200, 160)
    roof = (rows >= 30) & (rows < 62) & (np.abs(cols - 58) <= (rows - 30) * 1.15)
    image[roof] = (170, 50, 40)
    image[(rows >= 80) & (rows < 108) & (cols >= 50) & (cols < 66)] = (110, 70, 40)
    for left in (30, 72):
        image[(rows >= 70) & (rows < 88) & (cols >= left) & (cols < left + 14)] = (90, 140, 200)
        image[(rows == 78) & (cols >= left) & (cols < left + 14)] = (250, 250, 250)
        image[(rows >= 70) & (rows < 88) & (cols == left + 7)] = (250, 250, 250)
    return image


def stripes() -> np.ndarray:
    """Four quarters: stripes down, stripes across, a chessboard and diagonal stripes."""
    light = np.array((240, 240, 235))
    dark = np.array((30, 30, 40))
    top, left = rows < SIDE // 2, cols < SIDE // 2
    on = np.where(
        top & left,
        (cols // 8) % 2,
        np.where(top, (rows // 8) % 2, np.where(left, (rows // 8 + cols // 8) % 2, ((rows + cols) // 8) % 2)),
    )
    return np.where(on[..., None] == 1, dark, light)


PICTURES = {"shapes": shapes, "house": house, "stripes": stripes}


def main(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        (folder / f"{name}.png").write_bytes(write_png(draw().astype(np.uint8)))


if __name__ == "__main__":
    main()
