"""The one way an HTML form calls a service: validate, call, commit once or show errors."""

from collections.abc import Callable

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.forms import show_errors


def handle_form(
    form: FlaskForm,
    action: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    next_url: Callable[[object], str],
    template: str,
    page: Callable[[], dict] | None = None,
    show: Callable[[FlaskForm, ValidationError], None] = show_errors,
    conflict_status: int = 422,
    **context,
):
    """Run `action` on a valid POST; re-render with the errors (HTTP 422) when it fails.
    `success` may be a function of the result; `show` puts a ValidationError on the page;
    `page` gives more of the template's context, read only when the page is rendered (not
    before a redirect)."""
    status = 200
    if form.validate_on_submit():
        try:
            result = action()
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            show(form, exc)
        except ConflictError as exc:  # a stale version, or a rule such as "approved roadmap"
            db.session.rollback()
            form.form_errors.append(exc.message)
            status = conflict_status
        except (StaleDataError, IntegrityError):  # a race the checks could not see
            db.session.rollback()
            form.form_errors.append(ConflictError().message)
        else:
            flash(success(result) if callable(success) else success, "success")
            return redirect(next_url(result))
    if status == 200 and (form.errors or form.form_errors):
        status = 422
    if page is not None:
        context |= page()
    return render_template(template, form=form, **context), status


def handle_action(
    action: Callable[[], object],
    *,
    next_url: str,
    success: str | Callable[[], str] = "",
    failure_url: str | None = None,
) -> Response:
    """The one way a one-button POST (move, delete, transition) calls a service: commit once
    and go to `next_url` with a message (`success` may be a function of the new state), or
    roll back, say what stood in the way and go to `failure_url` (default: `next_url`)."""
    try:
        action()
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        flash(" ".join(m for messages in exc.fields.values() for m in messages), "danger")
        return redirect(failure_url or next_url)
    except ConflictError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return redirect(failure_url or next_url)
    except (StaleDataError, IntegrityError):  # someone changed it between our read and write
        db.session.rollback()
        flash(ConflictError().message, "danger")
        return redirect(failure_url or next_url)
    else:
        message = success() if callable(success) else success
        if message:
            flash(message, "success")
    return redirect(next_url)
