"""The one way an HTML form calls a service: validate, call, commit once or show errors."""

from collections.abc import Callable

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.forms import show_errors
from cxflow.extensions import db


def handle_form(
    form: FlaskForm,
    action: Callable[[], object],
    *,
    success: str,
    next_url: Callable[[object], str],
    template: str,
    **context,
):
    """Run `action` on a valid POST; re-render with the errors (HTTP 422) when it fails."""
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
    return render_template(template, form=form, **context), 422 if failed else 200
