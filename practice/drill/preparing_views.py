"""Changing the default drill scope from study settings."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from practice.accounts.onboarding import save_preparing
from practice.drill import bp
from practice.drill.fitting import fit_panel
from practice.drill.forms import StudySettingsForm
from practice.drill.preparing import preparing_context, preparing_form
from practice.drill.settings import study_settings_data


@bp.post("/settings/preparing")
@login_required
def preparing():
    form = preparing_form(current_user, posted=True)
    if form.validate_on_submit():
        save_preparing(current_user, form.tracks.data or [], form.level.data)
        flash("Default drill scope saved.")
        return redirect(url_for("drill.settings") + "#preparing-heading")
    settings_form = StudySettingsForm(data=study_settings_data(current_user), formdata=None)
    page = render_template(
        "drill/settings.html",
        form=settings_form,
        fit=fit_panel(current_user),
        **preparing_context(current_user, form),
    )
    return page, 400
