"""What the discussions add to pages they do not own (core.extensions): the link to a
network's discussions on its page, comments on a goal's, measure's and project's page; the
notice kinds; and the unanswered questions on "Mine oppgaver"."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kommunenettverk.accounts.models import User
from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.discussions import selectors, services, worklist
from kommunenettverk.discussions.forms import CommentForm
from kommunenettverk.discussions.models import Post, Thread
from kommunenettverk.networks.models import DevelopmentProject
from kommunenettverk.notifications.inbound import register_reply_handler
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.plans.models import Goal, Measure


def register() -> None:
    register_notice_kind(
        "discussion_thread",
        _("Ny tråd i nettverket ditt"),
        perm="discussions.view_thread",
        order=60,
    )
    register_notice_kind(
        "discussion_answer",
        _("Svar på spørsmålet, innlegget eller kommentaren din"),
        order=61,
    )
    register_notice_kind("discussion_mention", _("Noen nevnte deg i en diskusjon"), order=62)
    register_notice_kind(
        "discussion_draft",
        _("Et utkast i idébanken er laget fra en diskusjon"),
        perm="ideabank.change_example",
        order=63,
    )
    # A reply by email to a notice about a thread (a new thread, an answer, a mention) is an
    # answer in it, through the same service as the page (docs/discussions.md).
    register_reply_handler(
        "discussions.thread",
        _answer_by_email,
        perm="discussions.answer_thread",
        hint=_("Svar på denne e-posten for å svare i tråden: svaret ditt blir et innlegg der."),
    )
    register_task_source(worklist.unanswered_question_tasks)
    register_link(
        Page.NETWORK,
        _("Diskusjoner i nettverket"),
        "discussions:network_threads",
        perm="discussions.view_discussions",
        order=20,
    )
    register_section(Page.GOAL, "kommentarer", comments_section, order=90)
    register_section(Page.MEASURE, "kommentarer", comments_section, order=90)
    register_section(Page.PROJECT, "kommentarer", comments_section, order=90)


def _answer_by_email(thread: Model, user: User, text: str) -> Post:
    assert isinstance(thread, Thread)  # registered for discussions.thread only
    return services.post_answer(thread, user, text)


KINDS = {Goal: "mal", Measure: "tiltak", DevelopmentProject: "prosjekt"}


def comments_section(request: HttpRequest, obj: Goal | Measure | DevelopmentProject) -> str:
    """The comments of the networks the object belongs to, for those who may read them; the
    form for members. Nothing for unpublished goals and measures or for other readers."""
    if not request.user.is_authenticated:
        return ""
    if isinstance(obj, Goal) and not obj.published:
        return ""
    if isinstance(obj, Measure) and not (obj.published and obj.goal.published):
        return ""
    user = request.user
    if not user.has_perm("discussions.view_comments", obj):
        return ""
    kind = KINDS[type(obj)]
    return render_to_string(
        "discussions/_comments.html",
        {
            "tree": selectors.comments_for(obj),
            "can_comment": user.has_perm("discussions.comment", obj),
            "can_moderate": user.has_perm("discussions.moderate", obj),
            "action": reverse("discussions:comment_create", args=[kind, obj.pk]),
            "form": CommentForm(),
        },
        request=request,
    )
