"""`flask cxflow …` commands."""

import click
from flask import current_app
from flask.cli import AppGroup

from cxflow.catalogue.services import load_catalogue
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.methodology.services import record_all
from cxflow.notifications import outbox
from cxflow.users.services import create_user

cxflow_cli = AppGroup("cxflow", help="cxflow administration commands.")


@cxflow_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Load demo regions, offices and one user per role (safe to run again)."""
    added = seed_demo(current_app.config["DEMO_PASSWORD"])
    db.session.commit()
    click.echo("Demo data: added " + ", ".join(f"{n} {kind}" for kind, n in added.items()))


@cxflow_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--full-name", prompt=True)
@click.password_option()
def create_admin_command(email: str, full_name: str, password: str) -> None:
    """Create an administrator account."""
    try:
        create_user(
            None, email=email, full_name=full_name, role="admin", region_id=None, password=password
        )
    except ValidationError as exc:
        message = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())
        raise click.UsageError(message) from None
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@cxflow_cli.command("load-catalogue")
def load_catalogue_command() -> None:
    """Load the service catalogue (seed 000) from cxflow/catalogue/data (safe to run again)."""
    added = load_catalogue()
    db.session.commit()
    click.echo(f"Service catalogue: added {added} entries")


@cxflow_cli.command("load-methodology")
def load_methodology_command() -> None:
    """Record the version of every methodology data file (safe to run again; refuses a file
    changed without a new version)."""
    rows = record_all()
    db.session.commit()
    new = ", ".join(f"{r.kind}/{r.key} v{r.version}" for r in rows) or "none"
    click.echo(f"Methodology versions recorded: {new}")


@cxflow_cli.command("send-emails")
def send_emails_command() -> None:
    """Send every e-mail of the outbox that is due (what the beat sweep does; for a cron job
    where no Redis runs, or after an outage)."""
    outcomes = outbox.deliver_due()
    click.echo(
        "E-mails: " + (", ".join(f"{n} {o}" for o, n in sorted(outcomes.items())) or "none due")
    )
