"""Secrecy of the ballot (docs/reliability.md V1, V10, V11): schema, logs, error reports, fingerprint, settings."""

import json
import logging
import sys

import pytest
from django.apps import apps
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, models, transaction
from django.db.models import signals
from django.views.debug import ExceptionReporter

from gonghui.core.errors import DomainError
from gonghui.voting import checks, services, tally
from gonghui.voting.models import Ballot, EncryptedBallot, Policy, QuestionForm, Receipt, VoterMark

from .factories import certify, open_poll, shares_of, tellers, voters

pytestmark = pytest.mark.django_db

CANDIDATES = ["欧阳明远", "司马清晖", "诸葛文澜"]
ELECTION = {"text": "选举工会主席", "form": QuestionForm.CHOOSE, "options": CANDIDATES, "seats": 1}


# --- V1: schema ---------------------------------------------------------------------------------------


def test_ballot_and_voter_mark_have_only_the_allowed_fields():
    """Adding a field to either table must be a deliberate decision: a time, a user, an address or a link to the
    other table would undo the secrecy. Reverse relations count too: nothing may point at a ballot or a mark."""
    assert [f.name for f in Ballot._meta.get_fields()] == [
        "id",
        "poll",
        "choices",
        "weight",
    ]
    assert [f.name for f in EncryptedBallot._meta.get_fields()] == ["id", "poll", "box"]
    assert [f.name for f in Receipt._meta.get_fields()] == ["pk", "poll", "digest"]
    assert [f.name for f in VoterMark._meta.get_fields()] == ["pk", "poll", "member", "origin"]


def test_ballot_key_is_random_and_voter_mark_key_is_the_voter():
    assert type(Ballot._meta.pk) is models.BigIntegerField
    assert Ballot._meta.pk.default is not models.NOT_PROVIDED
    assert isinstance(VoterMark._meta.pk, models.CompositePrimaryKey)
    assert [f.name for f in VoterMark._meta.pk_fields] == ["poll", "member"]
    for model in (Ballot, VoterMark):
        assert not any(
            isinstance(f, (models.DateField, models.AutoField)) for f in model._meta.concrete_fields
        )


def test_no_signal_receiver_and_no_history_model_watches_ballots_or_marks():
    for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete):
        assert not signal.has_listeners(Ballot)
        assert not signal.has_listeners(VoterMark)
    watchers = [
        model
        for model in apps.get_models()
        if model not in (Ballot, VoterMark)
        and any(getattr(f, "related_model", None) in (Ballot, VoterMark) for f in model._meta.get_fields())
    ]
    assert watchers == []
    assert not hasattr(Ballot, "history")
    assert not hasattr(VoterMark, "history")


# --- V10: logs and error reports ------------------------------------------------------------------------


def test_a_vote_writes_no_choice_and_no_voter_to_the_log(tree, caplog, settings):
    settings.DEBUG = False
    people = voters(tree, 5)
    poll = open_poll(tree, people, questions=[ELECTION], policy=Policy.PLURALITY)
    caplog.set_level(logging.DEBUG)

    for user, name in zip(people, CANDIDATES * 2, strict=False):
        services.cast(voter=user, poll=poll, choices={1: [name]})
    with pytest.raises(DomainError):
        services.cast(voter=people[0], poll=poll, choices={1: [CANDIDATES[0]]})

    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for name in CANDIDATES:
        assert name not in logged
    for user in people:
        assert user.member.name not in logged
        assert f"member_id={user.member.pk}" not in logged


def test_an_error_report_during_a_vote_hides_the_choices(tree, settings, monkeypatch):
    """Sentry and admin e-mails capture local variables: cast's are marked sensitive."""
    settings.DEBUG = False
    people = voters(tree, 1)
    poll = open_poll(tree, people, questions=[ELECTION], policy=Policy.PLURALITY)

    def broken_receipt():
        raise RuntimeError("receipt printer on fire")

    monkeypatch.setattr(services.casting, "_receipt_code", broken_receipt)
    try:
        services.cast(voter=people[0], poll=poll, choices={1: [CANDIDATES[2]]})
    except RuntimeError:
        report = ExceptionReporter(None, *sys.exc_info()).get_traceback_data()

    cast_frame = next(f for f in report["frames"] if f["function"] == "cast")
    variables = dict(cast_frame["vars"])
    assert CANDIDATES[2] not in str(cast_frame["vars"])
    assert set(variables["choices"].strip("'")) == {"*"}  # "'********'"
    assert not VoterMark.objects.exists()  # and the failed vote left nothing behind


# --- V11: fingerprint ---------------------------------------------------------------------------------


def _closed_poll(tree, n=6):
    people = voters(tree, n)
    poll_tellers = tellers(tree)
    poll = open_poll(tree, people, poll_tellers=poll_tellers)
    for user, choice in zip(people, ["yes", "no", "abstain"] * n, strict=False):
        services.cast(voter=user, poll=poll, choices={1: choice})
    return services.poll_close(actor=tree.chair_a, poll=poll, shares=shares_of(poll)), poll_tellers


def test_anyone_can_recompute_the_fingerprint_from_the_sealed_ballots(tree):
    poll, _ = _closed_poll(tree)
    ballots = Ballot.objects.filter(poll=poll).values_list("choices", "weight")

    assert tally.fingerprint(poll.pk, ballots) == poll.fingerprint
    assert tally.fingerprint(poll.pk, reversed(list(ballots))) == poll.fingerprint  # order does not matter


@pytest.mark.parametrize(
    "tamper",
    [
        lambda b: setattr(b, "choices", {"1": "yes" if b.choices["1"] != "yes" else "no"}) or b.save(),
        lambda b: setattr(b, "weight", 2) or b.save(),
        lambda b: b.delete(),
        lambda b: Ballot.objects.create(poll_id=b.poll_id, choices=b.choices, weight=1),
    ],
    ids=["changed choice", "changed weight", "removed", "added"],
)
def test_altering_any_ballot_changes_the_fingerprint_and_stops_certification(tree, tamper):
    poll, poll_tellers = _closed_poll(tree)
    tamper(Ballot.objects.filter(poll=poll).order_by("?").first())

    assert tally.fingerprint(poll.pk, Ballot.objects.filter(poll=poll).values_list("choices", "weight")) != (
        poll.fingerprint
    )
    with pytest.raises(DomainError, match="指纹不一致"):
        services.tally_confirm(actor=poll_tellers[0], poll=poll)


def test_tellers_sign_the_fingerprint_together_with_the_paper_totals(tree):
    poll, poll_tellers = _closed_poll(tree)
    certify(poll, poll_tellers)

    digests = {t.confirmed_fingerprint for t in poll.tellers.all()}
    assert digests == {services.certification_digest(poll)}
    assert poll.fingerprint not in digests  # the paper totals (none here) are part of what they sign
    assert json.dumps(poll.tally)  # the stored tally is plain JSON


# --- V10: the database server's own logs --------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL server settings")
def test_postgresql_server_logs_no_statements_and_no_commit_times():
    assert checks.unsafe_settings(connection) == []
    assert run_checks(databases=["default"], tags=["database"]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL server settings")
def test_statement_logging_on_the_server_is_reported_as_an_error():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL log_statement = 'mod'")
            cursor.execute("SET LOCAL log_min_duration_statement = 0")
        problems = checks.unsafe_settings(connection)
        errors = [e for e in run_checks(databases=["default"], tags=["database"]) if e.id == "voting.E001"]

    assert "log_statement = mod" in problems
    assert "log_min_duration_statement = 0" in problems
    assert any("log_parameter_max_length" in p for p in problems)
    assert len(errors) == len(problems)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL server settings")
@pytest.mark.parametrize(
    ("setting", "value", "reported"),
    [
        ("debug_print_plan", "on", "debug_print_plan = on"),
        ("debug_print_parse", "on", "debug_print_parse = on"),
        ("debug_print_rewritten", "on", "debug_print_rewritten = on"),
        ("log_parameter_max_length_on_error", "-1", "log_parameter_max_length_on_error = -1"),
        ("log_transaction_sample_rate", "0.5", "log_transaction_sample_rate = 0.5"),
    ],
)
def test_settings_that_log_plans_trees_or_parameters_of_errors_are_reported(setting, value, reported):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {setting} = '{value}'")
        problems = checks.unsafe_settings(connection)
    assert reported in problems


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL server settings")
def test_auto_explain_with_a_threshold_is_reported():
    with transaction.atomic():
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute("LOAD 'auto_explain'")
            except DatabaseError:
                pytest.skip("auto_explain is not installed on this server")
            cursor.execute("SET LOCAL auto_explain.log_min_duration = 0")
        assert "auto_explain.log_min_duration = 0" in checks.unsafe_settings(connection)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL server settings")
def test_the_default_error_statement_logging_is_safe_because_votes_bind_their_values():
    """log_min_error_statement = error (the default) logs a failed statement's text, which for a vote holds
    placeholders only; its parameters follow only with log_parameter_max_length_on_error, reported above."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW log_min_error_statement")
        assert cursor.fetchone()[0] == "error"
    assert checks.unsafe_settings(connection) == []


def test_a_server_that_would_log_votes_refuses_to_start(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setattr(checks, "unsafe_settings", lambda connection: ["log_statement = all"])
    with pytest.raises(ImproperlyConfigured, match="voting.E001.*log_statement = all"):
        checks.refuse_unsafe_server()
    monkeypatch.setattr(checks, "unsafe_settings", lambda connection: [])
    checks.refuse_unsafe_server()
