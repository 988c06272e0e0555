"""Requests that collide: worker threads acting like Zope requests on one database.

Each thread opens its own connection to the functional layer's database,
does its work as one person and commits; on ConflictError it aborts and
redoes the whole request, as Zope's publisher does. All threads do their
work before any commits (a barrier), so they really collide.
"""

import threading

import transaction
from plone.app.testing import login
from plone.testing.zope import addRequestContainer
from zExceptions import BadRequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

from collective.gongwen.exchange.rules import DeliveryRefused
from collective.gongwen.routing.rules import StepError

# What a request may answer with a refusal (it changes nothing).
REFUSALS = (BadRequest, StepError, DeliveryRefused)


def as_request(db, user, work, outcome, lock, barrier):
    """Run ``work(portal)`` as ``user`` like a request: commit, retry on conflict.

    ``work`` raising one of ``REFUSALS`` is a refusal (aborted).
    """
    manager = transaction.manager
    connection = db.open()
    first_attempt = True
    try:
        while True:
            manager.begin()
            try:
                app = addRequestContainer(connection.root()["Application"])
                portal = app.plone
                setSite(portal)
                login(portal, user)
                try:
                    result = work(portal)
                except REFUSALS as error:
                    manager.abort()
                    with lock:
                        outcome["refused"].append((user, error))
                    return
                finally:
                    if first_attempt:
                        first_attempt = False
                        barrier.wait(timeout=30)
                manager.commit()
                with lock:
                    outcome["done"].append((user, result))
                return
            except ConflictError:
                manager.abort()
                with lock:
                    outcome["conflicts"].append(user)
    finally:
        manager.abort()
        setSite(None)
        connection.close()


def race(functional, jobs):
    """Run ``jobs`` ([(user, work)]) at once on the functional layer; return the outcome.

    The outcome: ``done`` [(user, result)], ``refused`` [(user, error)] and
    ``conflicts`` [user retried].
    """
    outcome = {"done": [], "refused": [], "conflicts": []}
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs))
    threads = [
        threading.Thread(
            target=as_request, args=(functional["zodbDB"], user, work, outcome, lock, barrier)
        )
        for user, work in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome
