"""The site on a phone without a connection: the offline copy a reader saves (offline.json, sw.js,
assets/js/offline.js), checklist ticks carried between devices, and clearing what the site stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from macros.content.languages import TRANSLATED
from macros.outputs.offline_copy import offline_list, write_offline_lists

SAVED = "Saved:"


def save_offline(page, server: str, downloads: bool = False) -> None:
    page.goto(server + "offline.html")
    if downloads:
        page.get_by_label("Also save the PDFs and Word files").check()
    page.get_by_role("button", name="Save for offline use").click()
    page.locator("[data-offline-status]", has_text=SAVED).wait_for(timeout=60_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def stored(page) -> dict:
    return page.evaluate("""async () => ({
        keys: Object.keys(localStorage).filter(k => k.startsWith('t2-')),
        caches: (await caches.keys()).filter(n => n.startsWith('t2-')),
        workers: (await navigator.serviceWorker.getRegistrations()).length})""")


# --- the list of files ------------------------------------------------------------------------------


def test_the_offline_list_holds_every_page_the_search_index_and_the_styles(site):
    listed = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in listed["files"]}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.relative_to(site).parts[0] not in TRANSLATED}  # each language has its own list
    assert not any(path.split("/")[0] in TRANSLATED for path in by_path)
    assert pages <= {path for path, f in by_path.items() if f["group"] == "site"}
    assert by_path["search/search_index.json"]["group"] == "site"
    assert by_path["search/t2/index.js"]["group"] == "site"
    assert len([path for path in by_path if path.startswith("search/t2/")]) == len(list((site / "search/t2").iterdir()))
    assert by_path["sw.js"]["group"] == "site" and by_path["manifest.webmanifest"]["group"] == "site"
    assert any(path.endswith(".css") for path in by_path) and any(path.endswith(".pdf") for path in by_path)
    assert all(f["group"] == "downloads" for path, f in by_path.items() if path.endswith((".pdf", ".docx")))
    assert "downloads/offline.zip" not in by_path and "offline.json" not in by_path
    for path, entry in by_path.items():
        assert (site / path).stat().st_size == entry["bytes"], path
    assert listed == offline_list(site)  # the file the build wrote is the list of the site as built


def test_the_version_changes_when_any_saved_file_changes(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = offline_list(copy)["version"]
    (copy / "about.html").write_text((copy / "about.html").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert offline_list(copy)["version"] != before


# --- in Chromium ----------------------------------------------------------------------------------------


def test_saved_the_site_opens_navigates_searches_and_keeps_ticks_without_a_connection(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        save_offline(page, server)
        assert "files" in page.locator("[data-offline-stored]").inner_text()
        context.set_offline(True)
        page.goto(server + "handbook/step-3-prepare.html")
        assert page.locator("h1").first.inner_text().startswith("Step 3")
        page.goto(server + "index.html")
        page.keyboard.press("/")  # Material's shortcut focuses the search box
        page.keyboard.type("ripeness", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
        page.goto(server + "checklists/participant-selection.html")
        first = page.locator("ul.t2-items input[type=checkbox]").first
        first.check()
        page.reload()
        assert page.locator("ul.t2-items input[type=checkbox]").first.is_checked()
        # Not saved (no downloads were asked for): the connection really is off.
        with pytest.raises(Exception):
            page.goto(server + "downloads/handbook.pdf")
    finally:
        context.close()


def test_online_again_the_copy_takes_the_new_content_with_a_quiet_notice(browser, site, tmp_path):
    from static_server import serve
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    with serve(copy) as base:
        context = browser.new_context()
        page = context.new_page()
        try:
            save_offline(page, base)
            about = copy / "about.html"
            about.write_text(about.read_text(encoding="utf-8").replace("</h1>", " (revised)</h1>", 1), encoding="utf-8")
            write_offline_lists(copy)
            later = context.new_page()  # a later visit: a new browsing session
            later.goto(base + "index.html")
            notice = later.locator(".t2-offline-notice")
            notice.wait_for(timeout=30_000)
            assert "brought up to date (1 file changed)" in notice.inner_text()
            context.set_offline(True)
            later.goto(base + "about.html")
            assert "(revised)" in later.locator("h1").first.inner_text()
        finally:
            context.close()


def test_nothing_is_stored_until_the_reader_asks_and_clear_removes_everything(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server + "index.html")
        page.goto(server + "handbook/introduction.html")
        assert stored(page) == {"keys": [], "caches": [], "workers": 0}
        save_offline(page, server)
        page.goto(server + "checklists/participant-selection.html")
        page.locator("ul.t2-items input[type=checkbox]").first.check()
        assert stored(page)["keys"] and stored(page)["caches"] and stored(page)["workers"] == 1
        page.goto(server + "offline.html")
        said = page.locator("[data-offline-stored]").inner_text()
        assert "ticks for 1 checklist" in said and "copy of the site" in said
        page.get_by_role("button", name="Clear everything this site stored").click()
        page.locator("[data-offline-status]", has_text="was removed").wait_for()
        assert stored(page) == {"keys": [], "caches": [], "workers": 0}
        assert "no copy of the site" in page.locator("[data-offline-stored]").inner_text()
    finally:
        context.close()


def test_from_disk_the_page_says_why_it_cannot_save(page, site):
    page.goto((site / "offline.html").as_uri())
    assert page.locator("[data-offline-unavailable]").is_visible()
    assert page.get_by_role("button", name="Save for offline use").is_disabled()


# --- ticks carried between devices -------------------------------------------------------------------


CHECKLIST = "checklists/participant-selection.html"


def import_file(page, path: Path) -> str:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import ticks").click()
    chooser.value.set_files(str(path))
    said = page.locator("[data-ticks-said]")
    said.wait_for()
    page.wait_for_function("document.querySelector('[data-ticks-said]').textContent.length > 0")
    return said.inner_text()


def test_ticks_exported_on_one_device_import_on_another(browser, server, tmp_path):
    phone, laptop = browser.new_context(), browser.new_context()
    try:
        page = phone.new_page()
        page.goto(server + CHECKLIST)
        boxes = page.locator("ul.t2-items input[type=checkbox]")
        ids = [boxes.nth(i).get_attribute("data-item") for i in (0, 2)]
        boxes.nth(0).check()
        boxes.nth(2).check()
        with page.expect_download() as download:
            page.get_by_role("button", name="Export ticks").click()
        exported = tmp_path / download.value.suggested_filename
        download.value.save_as(exported)
        assert page.locator("[data-ticks-said]").inner_text() == \
            "Exported 2 ticks to ticks-participant-selection.json."
        data = json.loads(exported.read_text(encoding="utf-8"))
        assert data["format"] == "t2-checklist-ticks" and data["checklist"] == "participant-selection"
        assert sorted(data["ticked"]) == sorted(ids)

        other = laptop.new_page()
        other.goto(server + CHECKLIST)
        other.locator("ul.t2-items input[type=checkbox]").nth(5).check()  # kept: an import only adds
        said = import_file(other, exported)
        assert said == "Added 2 ticks from the file; ticks already here were kept."
        ticked = other.locator("ul.t2-items input[type=checkbox]:checked")
        assert sorted(ticked.nth(i).get_attribute("data-item") for i in range(ticked.count())) == \
            sorted(ids + [other.locator("ul.t2-items input[type=checkbox]").nth(5).get_attribute("data-item")])
        other.reload()
        assert other.locator("ul.t2-items input[type=checkbox]:checked").count() == 3
    finally:
        phone.close()
        laptop.close()


@pytest.mark.parametrize("content, expected", [
    ("not json at all", "is not a checklist ticks file"),
    ('{"format": "t2-checklist-ticks", "checklist": "digital-risk", "ticked": ["dr-1"]}',
     "holds ticks for another checklist (digital-risk)"),
    ('{"format": "t2-checklist-ticks", "checklist": "participant-selection", '
     '"ticked": ["__proto__", "<img src=x onerror=alert(1)>", 7, "nope"]}',
     "Added 0 ticks from the file; ticks already here were kept. 4 items the file names are not on this "
     "checklist and were left out."),
    ('{"format": "t2-checklist-ticks", "checklist": "participant-selection", "ticked": "all"}',
     "is not a checklist ticks file"),
])
def test_a_wrong_or_hostile_ticks_file_changes_nothing_and_says_why(page, server, tmp_path, content, expected):
    page.goto(server + CHECKLIST)
    page.locator("ul.t2-items input[type=checkbox]").first.check()
    path = tmp_path / "ticks.json"
    path.write_text(content, encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert expected in import_file(page, path)
    assert page.locator("ul.t2-items input[type=checkbox]:checked").count() == 1
    saved = page.evaluate("JSON.parse(localStorage.getItem('t2-checklist:participant-selection'))")
    assert list(saved) == [page.locator("ul.t2-items input[type=checkbox]").first.get_attribute("data-item")]
    assert dialogs == []


def test_one_tick_is_counted_in_the_singular(page, server, tmp_path):
    page.goto(server + CHECKLIST)
    first = page.locator("ul.t2-items input[type=checkbox]").first
    first.check()
    with page.expect_download():
        page.get_by_role("button", name="Export ticks").click()
    assert page.locator("[data-ticks-said]").inner_text() == "Exported 1 tick to ticks-participant-selection.json."
    path = tmp_path / "ticks.json"
    path.write_text(json.dumps({"format": "t2-checklist-ticks", "checklist": "participant-selection",
                                "ticked": [first.get_attribute("data-item"), "no-such-item"]}), encoding="utf-8")
    assert import_file(page, path) == ("Added 1 tick from the file; ticks already here were kept. 1 item the file "
                                       "names is not on this checklist and was left out.")


def test_a_checklist_prints_with_its_ticks(page, server):
    page.goto(server + CHECKLIST)
    page.locator("ul.t2-items input[type=checkbox]").first.check()
    page.emulate_media(media="print")
    box = page.locator("ul.t2-items input[type=checkbox]").first
    assert box.is_visible() and box.is_checked()
    assert not page.locator(".t2-progress").is_visible()


def test_with_the_downloads_saved_a_pdf_opens_without_a_connection(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        save_offline(page, server, downloads=True)
        assert "with the PDFs and Word files" in page.locator("[data-offline-stored]").inner_text()
        context.set_offline(True)
        status = page.evaluate("fetch('downloads/checklists/participant-selection.pdf').then(r => r.status)")
        assert status == 200
        size = page.evaluate("fetch('downloads/handbook.pdf').then(r => r.arrayBuffer()).then(b => b.byteLength)")
        assert size > 100_000
    finally:
        context.close()


def test_the_home_screen_manifest_names_the_site_and_its_icons_exist(site):
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Track II Peacemaking Handbook" and manifest["display"] == "standalone"
    assert (site / manifest["start_url"]).is_file()
    sizes = set()
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file(), icon["src"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    for page in (site / "index.html", site / "handbook" / "step-1-assess.html"):
        assert '<link rel="manifest" href="' in page.read_text(encoding="utf-8")
