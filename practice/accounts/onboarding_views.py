"""The first-run step after registering: tracks, level and time zone, all optional."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from practice.accounts import auth_bp as bp
from practice.accounts.onboarding import preparing_data, save_onboarding
from practice.accounts.onboarding_forms import OnboardingForm
from practice.scopes import scope_choices


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    data = preparing_data(current_user) | {"time_zone": current_user.time_zone}
    form = OnboardingForm(scope_choices()["track"], data=data)
    if form.validate_on_submit():
        saved = "Saved. " + _scope_sentence(form)
        save_onboarding(current_user, form.tracks.data or [], form.level.data, form.time_zone.data)
        flash(saved)
        return redirect(url_for("home.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/welcome.html", form=form), status


def _scope_sentence(form: OnboardingForm) -> str:
    """What the drill will draw from, in words."""
    names = {choice.value: choice.label for choice in form.tracks.choices or []}
    tracks = ", ".join(names[slug] for slug in form.tracks.data or [])
    level = f"questions up to {form.level.data} level" if form.level.data else "every level"
    where = f"in {tracks}" if tracks else "in every track"
    return f"Your drill starts with {level} {where}; change it any time in study settings."
