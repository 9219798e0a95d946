"""Small helpers the page's browser tests share: waiting for the model to run, and saving screenshots."""

from pathlib import Path

from playwright.sync_api import Locator, Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "static" / "screenshots"


def wait_for_runs(page: Page, more_than: int) -> None:
    page.wait_for_function("(n) => Number(document.body.dataset.runs || 0) > n", arg=more_than)


def runs(page: Page) -> int:
    return int(page.evaluate("Number(document.body.dataset.runs || 0)"))


def screenshot(target: Page | Locator, name: str, **options) -> None:
    """Save a picture of the page (or one part of it) for people to look at; overwritten each run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SCREENSHOTS / name), **options)


def click_pixel(page: Page, frame: Locator, r: int, c: int, rows: int, cols: int) -> None:
    """Click pixel (r, c) of a picture frame (picture.js's .pic-frame) drawn rows × cols."""
    frame.scroll_into_view_if_needed()
    box = frame.locator(".pic-marks").bounding_box()
    page.mouse.click(box["x"] + (c + 0.5) * box["width"] / cols, box["y"] + (r + 0.5) * box["height"] / rows)


def flat(nested) -> list[float]:
    """A nested list of numbers, flattened, for pytest.approx."""
    if not isinstance(nested, list):
        return [nested]
    return [x for item in nested for x in flat(item)]
