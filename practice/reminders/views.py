"""Reminder settings, the calendar feed and the unsubscribe page.

The unsubscribe URL takes a POST without a CSRF token, on purpose: mail clients send RFC
8058's one-click `List-Unsubscribe=One-Click` POST with no cookies and no page, so no CSRF
token can exist. CSRF protection guards actions that ride on a signed-in session; this one
rides on nothing but the signed token in the URL, which only the email's recipient has, and
it can only switch one list of emails off."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from practice.access import found
from practice.accounts.password_reset import base_url
from practice.extensions import csrf
from practice.mailer import mail_configured
from practice.reminders import bp
from practice.reminders import preferences as prefs
from practice.reminders.calendar import feed_for
from practice.reminders.forms import CalendarForm, ReminderForm
from practice.reminders.tokens import read_token
from practice.security import audit
from practice.types import utcnow
from practice.web import external_url

BAD_LINK = (
    "This unsubscribe link is not valid: check that you copied all of it. You can also "
    "change which emails you get in your account's reminder settings."
)


def _feed_url(token: str | None) -> str | None:
    base = base_url()
    return external_url(base, "reminders.feed", token=token) if token and base else None


def _page(form: ReminderForm, status: int = 200, calendar_error: str | None = None):
    settings = prefs.settings_of(current_user.id)
    return render_template(
        "reminders/settings.html",
        form=form,
        feed_url=_feed_url(settings.calendar_token),
        mail_on=mail_configured(),
        calendar_form=CalendarForm(),
        calendar_error=calendar_error,
    ), status


@bp.get("/account/reminders")
@login_required
def settings():
    saved = prefs.settings_of(current_user.id)
    return _page(ReminderForm(obj=saved))


@bp.post("/account/reminders")
@login_required
def save_settings():
    form = ReminderForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    digest, hour, mentoring = (
        form.digest_enabled.data,
        form.digest_hour.data,
        form.mentoring_emails.data,
    )
    prefs.save_choices(current_user, digest, hour, mentoring)
    flash(
        f"Saved: a daily digest at {hour:02d}:00 ({current_user.time_zone})."
        if digest
        else "Saved: no daily digest."
    )
    return redirect(url_for("reminders.settings"))


@bp.post("/account/reminders/calendar")
@login_required
def calendar_link():
    form = CalendarForm()
    if not form.validate_on_submit():
        saved = ReminderForm(obj=prefs.settings_of(current_user.id))
        return _page(saved, 400, "Use one of the buttons below: nothing was changed.")
    if form.action.data == "stop":
        prefs.stop_calendar(current_user)
        flash("Your calendar feed is off: its address no longer works.")
    else:
        prefs.rotate_calendar_token(current_user)
        flash("Your calendar feed has a new address: any old address no longer works.")
    audit("calendar_feed_" + form.action.data)
    return redirect(url_for("reminders.settings") + "#calendar")


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    user = found(prefs.calendar_owner(token))
    body = feed_for(user, utcnow(), base_url() or request.host_url)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = 'inline; filename="practice.ics"'
    return response


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authentication: see the module's docstring
def unsubscribe(token: str):
    """GET: the page with one button (changes nothing); POST (that button, or a mail client's
    one-click request): switch the list off."""
    link = read_token(token)
    if link is None:
        audit("unsubscribe_refused")
        return render_template("reminders/unsubscribe_refused.html", message=BAD_LINK), 404
    if request.method == "GET":
        subscribed = prefs.receives(link.user.id, link.list_name)
        return render_template("reminders/unsubscribe.html", link=link, subscribed=subscribed)
    prefs.unsubscribe(link.user.id, link.list_name)
    audit("unsubscribed", user=link.user.id, list=link.list_name)
    return render_template("reminders/unsubscribed.html", link=link)
