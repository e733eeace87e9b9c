"""The log watch used by every browser journey finds a child's name or date of birth in a log
line, from the test's thread or another (the live server's), and nothing in clean lines."""

import datetime as dt
import logging
import threading

import pytest

from missinghub.children.tests.factories import ChildFactory
from tests.operations.log_watch import LogWatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def watch():
    log_watch = LogWatch()
    log_watch.start()
    yield log_watch
    log_watch.stop()


def test_a_name_logged_from_another_thread_is_found(watch: LogWatch) -> None:
    ChildFactory(given_name="Juniper", family_name="Wrenfield", date_of_birth=dt.date(2011, 5, 9))
    logging.getLogger("missinghub.test").warning("Opened child %s", 42)
    thread = threading.Thread(
        target=lambda: logging.getLogger("django.request").warning("Search for Wrenfield")
    )
    thread.start()
    thread.join()
    leaks = watch.leaks()
    assert len(leaks) == 2  # the JSON line and the plain message of the second record
    assert all("Wrenfield" in line for line in leaks)


@pytest.mark.parametrize("written", ["2011-05-09", "09/05/2011", "9 May 2011"])
def test_a_date_of_birth_in_any_form_is_found(watch: LogWatch, written: str) -> None:
    ChildFactory(date_of_birth=dt.date(2011, 5, 9))
    logging.getLogger("missinghub.test").error("Import row rejected: born %s", written)
    assert watch.leaks()


def test_children_loaded_without_signals_are_learnt_from_the_database(watch: LogWatch) -> None:
    child = ChildFactory.build(given_name="Sorrel", family_name="Quillby")
    type(child).objects.bulk_create([child])
    logging.getLogger("missinghub.test").warning("Linked Quillby")
    assert watch.leaks() == []
    watch.remember_children_in_database()
    assert len(watch.leaks()) == 2
