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
    success: str,
    next_url: Callable[[object], str],
    template: str,
    page: Callable[[], dict] | None = None,
    **context,
):
    """Run `action` on a valid POST; re-render with the errors (HTTP 422) when it fails.
    `page` gives more of the template's context, read only when the page is rendered (not
    before a redirect)."""
    if form.validate_on_submit():
        try:
            result = action()
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            show_errors(form, exc)
        except ConflictError as exc:  # a stale version, or a rule such as "approved roadmap"
            db.session.rollback()
            form.form_errors.append(exc.message)
        except (StaleDataError, IntegrityError):  # a race the checks could not see
            db.session.rollback()
            form.form_errors.append(ConflictError().message)
        else:
            flash(success, "success")
            return redirect(next_url(result))
    failed = bool(form.errors or form.form_errors)
    if page is not None:
        context |= page()
    return render_template(template, form=form, **context), 422 if failed else 200


def handle_action(
    action: Callable[[], object], *, next_url: str, success: str | Callable[[], str] = ""
) -> Response:
    """The one way a one-button POST (move, delete, transition) calls a service: commit once
    and go back with a message (`success` may be a function of the new state), or roll back
    and say what stood in the way."""
    try:
        action()
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        flash(" ".join(m for messages in exc.fields.values() for m in messages), "danger")
    except ConflictError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
    except (StaleDataError, IntegrityError):  # someone changed it between our read and write
        db.session.rollback()
        flash(ConflictError().message, "danger")
    else:
        message = success() if callable(success) else success
        if message:
            flash(message, "success")
    return redirect(next_url)
