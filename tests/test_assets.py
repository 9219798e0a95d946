"""Static files from memory: the module graph read from the imports, versioned URLs, caching headers."""

import posixpath
import re
from pathlib import Path

import pytest

from app.assets import CACHE_CONTROL, CACHE_CONTROL_VERSIONED, Site, site

MODULES = {
    "js/main.js": 'import { a } from "./a.js";\nimport {\n  b,\n  c,\n} from "./lib/b.js";\nimport "./side.js";\n'
    '// import { never } from "./commented.js";\nconst text = "import x from \'./string.js\'";\nexport { a, b, c };\n'
    'export const later = () => import("./later.js");\n',
    "js/a.js": 'export * from "./lib/b.js";\nexport const a = 1;\n',
    "js/lib/b.js": 'import { d } from "../d.js";\nexport const b = d, c = 3;\n',
    "js/d.js": "export const d = 4;\n",
    "js/side.js": 'document.title = "side";\n',
    "js/unused.js": 'import { a } from "./a.js";\n',
    "js/later.js": "export const e = 5;\n",
    "css/app.css": "body { margin: 0 }\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_modules_follow_every_static_import_nearest_first(tmp_path: Path):
    site = Site(write(tmp_path, MODULES))
    version = site.version
    assert site.modules("js/main.js") == tuple(
        f"/static/js/{name}?v={version}" for name in ("a.js", "lib/b.js", "side.js", "d.js")
    )


def test_served_modules_import_versioned_urls_and_nothing_else_changes(tmp_path: Path):
    site = Site(write(tmp_path, MODULES))
    served = site.files["/static/js/main.js"].body.decode()
    assert f'from "./a.js?v={site.version}"' in served
    assert f'}} from "./lib/b.js?v={site.version}"' in served
    assert f'import "./side.js?v={site.version}"' in served
    assert f'import("./later.js?v={site.version}")' in served  # versioned, but not preloaded (not in modules())
    assert re.sub(r"\?v=\w+", "", served) == MODULES["js/main.js"]
    assert site.files["/static/css/app.css"].body.decode() == MODULES["css/app.css"]


def test_the_version_changes_with_any_file(tmp_path: Path):
    before = Site(write(tmp_path, MODULES)).version
    assert Site(tmp_path).version == before
    (tmp_path / "js/d.js").write_text("export const d = 5;\n")
    assert Site(tmp_path).version != before


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_real_page_preloads_every_module_it_imports(fake_api, lang: str):
    """Every module the page imports, and the strings of the page's language (loaded by i18n.js's import())."""
    page = fake_api.get(f"/?lang={lang}").text
    entry = re.search(r'<script type="module" src="([^"]+)"', page).group(1)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', page)
    assert entry.startswith("/static/js/main.js?v=")
    version = entry.split("?v=")[1]
    assert preloaded and all(url.endswith(f"?v={version}") for url in preloaded)
    # crawl the served modules as a browser does: every import is preloaded, every preload is imported
    imported, queue = set(), [entry]
    while queue:
        url = queue.pop()
        module = fake_api.get(url)
        assert module.status_code == 200, url
        for specifier in re.findall(r'from "([^"]+)"|import "([^"]+)"', module.text):
            found = posixpath.normpath(posixpath.join(posixpath.dirname(url), specifier[0] or specifier[1]))
            if found not in imported:
                imported.add(found)
                queue.append(found)
    assert set(preloaded) == imported | {f"/static/js/strings/{lang}.js?v={version}"}


def test_versioned_urls_are_kept_a_year_others_five_minutes(fake_api):
    page = fake_api.get("/").text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert "?v=" in stylesheet
    assert fake_api.get(stylesheet).headers["cache-control"] == CACHE_CONTROL_VERSIONED.decode()
    plain = fake_api.get(stylesheet.split("?")[0])
    assert plain.headers["cache-control"] == CACHE_CONTROL.decode()
    assert fake_api.get(stylesheet + "0").headers["cache-control"] == CACHE_CONTROL.decode()  # an old version
    again = fake_api.get(stylesheet, headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304


def test_the_page_and_the_files_share_one_reading(tmp_path: Path):
    """Read once: a file changed after start-up changes neither the version the page links nor what is served."""
    write(tmp_path, MODULES)
    first = site(tmp_path)
    (tmp_path / "js/d.js").write_text("export const d = 5;\n")
    assert site(tmp_path / "js" / "..", "/static/") is first
