"""What a data model's name says the application is for: `LedgerEntry` is a fintech
model, `Employee` an internal tool's, `Article` a CMS's.

Shared by the Python analyzers (model classes) and the layout scanner (model files of the
other stacks, named for their model by convention: `app/models/employee.rb`,
`Models/Invoice.cs`, `ticket.entity.ts`).
"""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.facts.signals.tokens import word_set, words

# (key, whole model names, words that mark a model name anywhere in it)
NAME_CATEGORIES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "fintech.money_models",
        word_set(
            "payment invoice transaction ledger ledgerentry wallet transfer payout refund "
            "charge subscription order journalentry bankaccount"
        ),
        word_set("payment invoice transaction ledger wallet payout refund transfer"),
    ),
    (
        # Of those, the ones whose records are money moving (a payment, an invoice, a wallet's
        # transactions), where an order or a subscription may be a shop's or a newsletter's.
        "fintech.ledger_models",
        word_set(
            "payment invoice transaction ledger ledgerentry wallet transfer payout refund "
            "bankaccount"
        ),
        word_set("payment invoice transaction ledger wallet payout refund transfer"),
    ),
    (
        "iot.device_models",
        word_set("device sensor reading measurement telemetry gateway thing"),
        frozenset({"device", "sensor", "telemetry", "measurement", "gateway"}),
    ),
    (
        "enterprise.models",
        word_set(
            "employee department ticket project task leave timesheet helpdesk team "
            "organization organisation leaverequest lead opportunity deal contact case "
            "purchaseorder supplier vendor warehouse"
        ),
        word_set(
            "employee department ticket timesheet helpdesk organization organisation payroll "
            "attendance opportunity crm payslip salary"
        ),
    ),
    (
        # What only a workforce's own tool keeps: staff records, their hours and their leave
        # (a shop's `Customer` or a game's `Team` is no such thing).
        "enterprise.hr_models",
        word_set(
            "employee staff staffmember attendance leaverequest leaveapplication leavetype "
            "timesheet payroll payslip salary"
        ),
        word_set("employee attendance timesheet payroll payslip salary"),
    ),
    (
        # Roles and permissions kept as data: the role-based access of an internal tool.
        "enterprise.access_models",
        word_set("role permission userrole roleuser rolepermission permissionrole"),
        frozenset({"permission"}),
    ),
    (
        # Project management's records: work items and what groups or schedules them (a
        # project's tasks, a board's columns, a sprint's backlog). A to-do list keeps a task
        # and nothing of the rest.
        "enterprise.project_models",
        word_set("task subtask project board sprint milestone kanban backlog epic"),
        word_set("task subtask sprint milestone kanban backlog"),
    ),
    (
        "enterprise.task_models",
        word_set("task subtask"),
        word_set("task subtask"),
    ),
    (
        "cms.content_models",
        word_set("post article page category tag comment blog entry news"),
        frozenset({"post", "article", "blog", "news", "comment"}),
    ),
    (
        # Of those, the pieces editors write and publish, by their whole name: a post, an
        # article, a news item, a page (a category, a tag or a comment is kept by a shop or a
        # forum as well, and a `ForumPost` or a `PostReport` is a forum's).
        "cms.article_models",
        word_set(
            "post posts article articles page pages blog blogs blogpost blogposts blogarticle "
            "blogarticles blogentry blogentries news newsitem newsitems newsarticle newsarticles "
            "newspost newsposts"
        ),
        frozenset(),
    ),
    (
        "social.models",
        word_set("profile follow like message friend feed"),
        word_set("profile follow follower following friend friendship like message feed"),
    ),
)


def name_categories(name: str) -> Iterator[str]:
    """The NAME_CATEGORIES keys a model name belongs to."""
    lowered = name.lower().replace("_", "").replace("-", "")  # leave_request: LeaveRequest
    split = words(name)
    for key, whole, marks in NAME_CATEGORIES:
        if lowered in whole or any(
            w in marks or (w.endswith("s") and w[:-1] in marks) for w in split
        ):
            yield key
