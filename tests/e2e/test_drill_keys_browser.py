"""In Chromium: Tab indents in a snippet card's code box and never traps the keyboard, ? opens
the shortcuts dialog (Esc closes it, focus comes back), single-key shortcuts turned off in
study settings stay off, a rated "Drill this now" card leaves the address bar, and the typed
answer sits beside the model answer on a wide screen and above it on a phone (screenshots in
test-artifacts/screenshots/)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_drill_browser import card_on_screen, log_in_with_keyboard
from tests.helpers.bank_factory import write_catalog, write_item
from tests.helpers.drill import set_user

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(os.environ.get("PRACTICE_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


@pytest.fixture
def keys_bank(tmp_path, runner, user_id):
    root = tmp_path / "bank"
    write_catalog(root)
    write_item(root, "PY-JR-001", "What does a list comprehension build?", level="junior")
    write_item(root, "PY-SNP-001", "Sum a range of numbers", kind="snippet", level="junior")
    assert runner.invoke(args=["bank", "load", str(root)]).exit_code == 0


def active(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def test_tab_indents_in_a_code_box_and_esc_or_shift_tab_leave_it(live_server, page, keys_bank):
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?item=PY-SNP-001")
    box = page.locator("#typed-answer")
    assert page.get_by_text("Tab indents; Esc or Shift+Tab leaves the box.").is_visible()
    assert "monospace" in box.evaluate("e => getComputedStyle(e).fontFamily")
    box.click()
    page.keyboard.type("def total():")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("return 45")
    assert box.input_value() == "def total():\n    return 45"
    assert active(page) == "typed-answer"  # Tab indented instead of moving on

    page.keyboard.press("Control+a")  # a selection of several lines indents each of them
    page.keyboard.press("Tab")
    assert box.input_value() == "    def total():\n        return 45"
    page.keyboard.press("Control+z")  # the box's own undo takes the indent back
    assert box.input_value() == "def total():\n    return 45"

    page.keyboard.press("Shift+Tab")  # leaves backwards
    assert active(page) != "typed-answer"
    box.focus()
    page.keyboard.press("Escape")  # leaves, and single keys work again
    assert active(page) == "BODY"
    page.keyboard.press("Space")
    page.wait_for_selector('article[data-stage="1"]')
    assert page.locator(".typed-code").inner_text() == "def total():\n    return 45"


def test_question_mark_opens_the_shortcuts_and_esc_gives_focus_back(live_server, page, keys_bank):
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?item=PY-JR-001")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert not dialog.is_visible()
    page.get_by_role("link", name="Study settings").focus()
    page.keyboard.press("?")
    dialog.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.textContent") == "Close"  # in the dialog
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "drill-keys-dialog.png"))
    page.keyboard.press("Space")  # keys inside the dialog do not reveal behind it
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.textContent") == "Study settings"
    assert page.locator('article[data-stage="0"]').count() == 1

    button = page.get_by_role("button", name="Keyboard shortcuts")
    button.click()  # the same list without the key
    dialog.wait_for(state="visible")
    page.get_by_role("button", name="Close").click()
    dialog.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.textContent") == "Keyboard shortcuts"

    page.locator("#typed-answer").focus()  # in the answer box, ? is just a character
    page.keyboard.type("why?")
    assert not dialog.is_visible() and page.locator("#typed-answer").input_value() == "why?"


def test_single_key_shortcuts_turned_off_stay_off(app, live_server, page, keys_bank):
    set_user(app, single_key_shortcuts=False)
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?item=PY-JR-001")
    assert "Single-key shortcuts are off" in page.locator("p.keys").inner_text()
    watch_requests(page)
    page.locator("body").press("Space")
    for key in ("Enter", "?", "3", "u"):
        page.keyboard.press(key)
    # each key's handler runs as it is pressed: none of them sent a request or opened a dialog
    assert page.evaluate("() => window.__requests") == 0
    assert not page.locator("#keys-dialog").evaluate("d => d.open")
    page.locator("#typed-answer").fill("A new list.")
    page.keyboard.press("Control+Enter")  # not a single key: still reveals
    page.wait_for_selector('article[data-stage="1"]')
    watch_requests(page)
    page.locator("body").press("1")
    assert page.evaluate("() => window.__requests") == 0  # not rated
    assert card_on_screen(page) == "PY-JR-001"


def watch_requests(page) -> None:
    page.evaluate(
        "() => { window.__requests = 0; document.body.addEventListener("
        "'htmx:beforeRequest', () => { window.__requests += 1; }); }"
    )


def test_the_shortcuts_setting_is_saved_from_the_settings_page(app, live_server, page, keys_bank):
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill/settings")
    box = page.get_by_label("Single-key shortcuts in the drill")
    assert box.is_checked()
    box.uncheck()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=Study settings saved.")
    assert not page.get_by_label("Single-key shortcuts in the drill").is_checked()
    page.goto(live_server + "/drill")
    assert page.locator(".drill").get_attribute("data-shortcuts") == "off"


def test_a_rated_drill_this_now_card_leaves_the_address_bar(live_server, page, keys_bank):
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?item=PY-SNP-001")
    page.locator("body").press("Space")
    page.wait_for_selector('article[data-stage="1"]')
    page.keyboard.press("3")
    page.wait_for_function(
        "() => document.querySelector('#drill-card article')?.dataset.item === 'PY-JR-001'"
    )
    page.wait_for_url(live_server + "/drill")
    assert page.get_by_role("button", name="Undo last rating").is_visible()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_typed_answer_beside_or_above_the_model_answer(
    live_server, page, keys_bank, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    log_in_with_keyboard(page, live_server)
    page.goto(live_server + "/drill?item=PY-JR-001")
    page.locator("#typed-answer").fill("It builds a new list, eagerly, from an iterable.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('article[data-stage="1"]')
    # focus (and the scroll) go to the comparison, so the typed answer stays in view
    page.wait_for_function("() => document.activeElement.classList.contains('compare')")
    # both boxes read at once: the reveal scrolls smoothly to the answer meanwhile
    typed, model = page.evaluate(
        "() => ['.typed-answer', '.model-answer .section'].map(s => {"
        " const r = document.querySelector(s).getBoundingClientRect();"
        " return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; })"
    )
    if width >= 1000:
        assert abs(typed["y"] - model["y"]) < 2 and typed["right"] <= model["x"]
    else:
        assert typed["bottom"] <= model["y"]
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"drill-typed-answer-{width}.png"), full_page=True)
