"""Every admin action, over the URL map: learners, mentors and trainers get 403 and anonymous
visitors are sent to log in, with nothing changed; an admin's request changes something."""

from __future__ import annotations

import pytest
from flask import url_for

from tests.helpers.accounts import create_user, log_in, post_form
from tests.helpers.db import database_snapshot

# endpoint -> a form that makes the action do something to user 1
ADMIN_ACTIONS = {
    "admin.set_role": {"role": "mentor"},
    "admin.set_active": {"active": "0", "confirm": "yes"},  # deactivation takes a confirm step
    "admin.reset_link": {},
}


def test_every_admin_action_is_in_the_matrix(app):
    posts = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}
    posts &= {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}
    assert posts == set(ADMIN_ACTIONS)


@pytest.mark.parametrize("endpoint", sorted(ADMIN_ACTIONS))
def test_only_admins_may_act(app, user_id, endpoint):
    with app.test_request_context():
        path = url_for(endpoint, user_id=user_id)
    clients = {"anonymous": app.test_client()}
    for role in ("learner", "mentor", "trainer", "admin"):
        create_user(app, f"{role}@example.com", role=role, name=role.title())
        clients[role] = app.test_client()
        log_in(clients[role], f"{role}@example.com")
    before = database_snapshot(app)
    for role in ("learner", "mentor", "trainer"):
        response = post_form(clients[role], path, ADMIN_ACTIONS[endpoint])
        assert response.status_code == 403, (role, path)
    assert post_form(clients["anonymous"], path, ADMIN_ACTIONS[endpoint]).status_code == 302
    assert database_snapshot(app) == before
    response = post_form(clients["admin"], path, ADMIN_ACTIONS[endpoint])
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:300]
    assert database_snapshot(app) != before
