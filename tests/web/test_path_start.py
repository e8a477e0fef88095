"""Starting a path lands on the first module the drill can still teach: a module whose only
unlearned items are suspended would show "Nothing is due", so it is passed over."""

from __future__ import annotations

import re

from tests.helpers.accounts import log_in, post_form
from tests.helpers.library import review_through_the_drill, text
from tests.web.test_paths import bank, drill_card  # noqa: F401 - the paths tests' bank


def current_module(html: str) -> str:
    return re.search(r'<li class="module current" data-module="(\d+)">', html).group(1)


def test_a_module_held_up_only_by_suspended_items_is_passed_over(client, bank, user_id):  # noqa: F811
    log_in(client)
    assert post_form(client, "/library/PY-MD-001/suspend", {}).status_code == 302
    response = post_form(client, "/paths/data-basics/start", {})
    assert response.headers["Location"] == "/drill?path=data-basics"
    assert drill_card(client, "/drill?path=data-basics") == "GO-MD-001"  # module 2, first
    html = text(client, "/paths/data-basics")
    assert current_module(html) == "2"
    assert "0 of 1 learned" in html  # the suspended item is still not learned


def test_unsuspending_brings_the_module_back(client, bank, user_id):  # noqa: F811
    log_in(client)
    post_form(client, "/library/PY-MD-001/suspend", {})
    post_form(client, "/library/PY-MD-001/suspend", {"suspended": "0"})
    assert drill_card(client, "/drill?path=data-basics") == "PY-MD-001"
    review_through_the_drill(client, "PY-MD-001")
    assert drill_card(client, "/drill?path=data-basics") == "GO-MD-001"
