"""The declared access policy: what every route gives every kind of caller.

One row per route and method (pages and API; the API's case actions one row per action). The
columns are the callers below; each cell is the answer that caller gets when the case is at the
stage the row names (the stage at which the action is possible):

    ok       served: a 2xx answer, or a redirect that is not to the sign-in page
    sign-in  a page that sends the caller to sign in first
    401      the API refuses a caller without a valid bearer token
    403      refused: the caller may know the case exists but may not do this
    404      refused as if the thing did not exist (requesters never learn of others' cases)

Callers: ``anon`` nobody signed in; ``owner`` the requester whose case it is; ``other`` another
requester; ``rev`` a reviewer of the case's authority not assigned to it; ``asg`` the reviewer
assigned to the case; ``odm`` the reviewer recorded as the case's original decision-maker;
``cw`` a caseworker of the authority; ``adm`` an administrator; ``out`` a caseworker of another
authority; ``rvk`` a revoked API token (on pages: that token in the header and no session). Pages
are called with a signed-in session, the API with each caller's own valid bearer token.

Where a service decides (the assigned reviewer, the original decision-maker, the authority's
staff), the cell is the service's answer, and pages and the API reach the same service check:
``SAME_RULE`` pairs each API action with the pages that do the same thing, and a test checks they
allow the same callers.

tests/security/test_access_policy.py walks the URL map, calls every row as every caller against
a seeded case at the row's stage, and fails for a route without a row. A new route needs a row
here and, if it needs more than its URL (a form's values, a JSON body), a recipe in
tests/security/recipes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CALLERS: Final = ("anon", "owner", "other", "rev", "asg", "odm", "cw", "adm", "out", "rvk")

CALLER_NAMES: Final = {
    "anon": "anonymous",
    "owner": "the requester who owns the case",
    "other": "another requester",
    "rev": "a reviewer not assigned to the case",
    "asg": "the assigned reviewer",
    "odm": "the case's original decision-maker",
    "cw": "a caseworker",
    "adm": "an administrator",
    "out": "a caseworker of another authority",
    "rvk": "a revoked API token",
}

OK: Final = "ok"
SIGN_IN: Final = "sign-in"
ANSWERS: Final = frozenset({OK, SIGN_IN, "401", "403", "404"})

# The stages a row can be checked at (tests/security/world.py makes each):
#   -         no case involved
#   open      filed, not yet acknowledged, original decision-maker recorded, reviewer assigned,
#             findings saved in full (so the outcome can be issued), one document uploaded
#   decided   the outcome letter has been issued
#   referred  the requester has complained to the regulator
#   dn        the regulator's decision notice (with steps to take) has been recorded
#   appealed  the decision notice has been appealed to the tribunal
#   emailed   filed and e-mailed to the authority (as to one not using the service), waiting
STAGES: Final = frozenset({"-", "open", "decided", "referred", "dn", "appealed", "emailed"})

# fmt: off
_TABLE = """
route                                          method stage    anon    owner  other rev  asg  odm  cw   adm  out  rvk
# Public pages and tools
public.home                                    GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
public.accessibility                           GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
public.privacy                                 GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
public.healthz                                 GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
static                                         GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.sign_in                               GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.sign_in                               POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.register                              GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.register                              POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.confirm                               GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.forgot_password                       GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.forgot_password                       POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.reset_password                        GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
accounts.reset_password                        POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
mail.confirmation_again                        GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
mail.confirmation_again                        POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
api.openapi_document                           GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
api.deadlines                                  GET    -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
api.parse_notice                               POST   -        ok      ok     ok    ok   ok   ok   ok   ok   ok   ok
# Any signed-in account: its own tokens (the token revoked here is the owner's)
accounts.sign_out                              POST   -        sign-in ok     ok    ok   ok   ok   ok   ok   ok   sign-in
accounts.tokens                                GET    -        sign-in ok     ok    ok   ok   ok   ok   ok   ok   sign-in
accounts.tokens                                POST   -        sign-in ok     ok    ok   ok   ok   ok   ok   ok   sign-in
accounts.revoke_token                          POST   -        sign-in ok     404   404  404  404  404  404  404  sign-in
accounts.change_password                       GET    -        sign-in ok     ok    ok   ok   ok   ok   ok   ok   sign-in
accounts.change_password                       POST   -        sign-in ok     ok    ok   ok   ok   ok   ok   ok   sign-in
# Requesters: their own data and account
privacy.your_data                              GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
privacy.download                               GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
privacy.close                                  GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
privacy.close                                  POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
# The code step of signing in: only for a browser whose password was just right (none of these)
two_factor.code                                GET    -        sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in
two_factor.code                                POST   -        sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in
two_factor.recovery                            GET    -        sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in
two_factor.recovery                            POST   -        sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in sign-in
# Staff: their own authenticator app and recovery codes (also mid-sign-in, for set-up)
two_factor.set_up                              GET    -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
two_factor.set_up                              POST   -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
two_factor.manage                              GET    -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
two_factor.new_recovery_codes                  POST   -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
documents.download                             GET    open     sign-in ok     404   ok   ok   ok   ok   ok   404  sign-in
# Requesters: the complaint journey (each requester's own draft)
complaints.index                               GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.start                               GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.discard                             GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.discard                             POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.authority                           GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.authority                           POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.law                                 GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.law                                 POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.original_request                    GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.original_request                    POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.response                            GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.response                            POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.findings                            GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.findings                            POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.toggle_ncnd                         POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.remove_provision                    POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.add_provision                       GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.add_provision                       POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.grounds                             GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.grounds                             POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.check                               GET    -        sign-in ok     ok    403  403  403  403  403  403  sign-in
complaints.check                               POST   -        sign-in ok     ok    403  403  403  403  403  403  sign-in
# Requesters: their own case
complaints.case                                GET    open     sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.confirmation                        GET    open     sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.withdraw                            GET    open     sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.withdraw                            POST   open     sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.resend                              GET    emailed  sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.resend                              POST   emailed  sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.complaint_pdf                       GET    open     sign-in ok     404   403  403  403  403  403  403  sign-in
complaints.letter                              GET    decided  sign-in ok     404   403  403  403  403  403  403  sign-in
documents.add_to_case                          GET    open     sign-in ok     404   403  403  403  403  403  403  sign-in
documents.add_to_case                          POST   open     sign-in ok     404   403  403  403  403  403  403  sign-in
regulator.pack                                 GET    decided  sign-in ok     404   403  403  403  403  403  403  sign-in
regulator.pack                                 POST   decided  sign-in ok     404   403  403  403  403  403  403  sign-in
regulator.pack_pdf                             GET    decided  sign-in ok     404   403  403  403  403  403  403  sign-in
regulator.pack_zip                             GET    decided  sign-in ok     404   403  403  403  403  403  403  sign-in
# Staff: queue, case page, statistics, letters
staff.queue                                    GET    -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
staff.statistics                               GET    -        sign-in 404    404   ok   ok   ok   ok   ok   ok   sign-in
staff.case                                     GET    open     sign-in 404    404   ok   ok   ok   ok   ok   404  sign-in
staff.letter                                   GET    decided  sign-in 404    404   ok   ok   ok   ok   ok   404  sign-in
# Staff: triage (caseworkers and administrators of the case's authority)
staff.enter_complaint                          GET    -        sign-in 404    404   403  403  403  ok   ok   ok   sign-in
staff.enter_complaint                          POST   -        sign-in 404    404   403  403  403  ok   ok   ok   sign-in
staff.acknowledge                              GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.acknowledge                              POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.original_decision_maker                  GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.original_decision_maker                  POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.assign                                   GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.assign                                   POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.extend                                   GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.extend                                   POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.withdraw                                 GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.withdraw                                 POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.close                                    GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
staff.close                                    POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.staff_add_to_case                    GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.staff_add_to_case                    POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
complaints.staff_resend                        GET    emailed  sign-in 404    404   403  403  403  ok   ok   404  sign-in
complaints.staff_resend                        POST   emailed  sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.remove                               GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.remove                               POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.replace                              GET    open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
documents.replace                              POST   open     sign-in 404    404   403  403  403  ok   ok   404  sign-in
# Staff: the decision (the assigned reviewer only, never the original decision-maker)
staff.decision                                 GET    open     sign-in 404    404   403  ok   403  403  403  403  sign-in
staff.decision                                 POST   open     sign-in 404    404   403  ok   403  403  403  403  sign-in
staff.issue                                    GET    open     sign-in 404    404   403  ok   403  403  403  403  sign-in
staff.issue                                    POST   open     sign-in 404    404   403  ok   403  403  403  403  sign-in
staff.preview_letter                           GET    open     sign-in 404    404   403  ok   403  ok   ok   404  sign-in
# Staff: a corrected outcome letter (the assigned reviewer, caseworkers, administrators)
staff.correct                                  GET    decided  sign-in 404    404   403  ok   403  ok   ok   404  sign-in
staff.correct                                  POST   decided  sign-in 404    404   403  ok   403  ok   ok   404  sign-in
# Staff: the regulator stage (caseworkers and administrators)
regulator.case                                 GET    decided  sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.details                              GET    decided  sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.details                              POST   decided  sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.submission_pdf                       GET    referred sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.decision_notice                      GET    referred sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.decision_notice                      POST   referred sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.compliance                           GET    dn       sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.compliance                           POST   dn       sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.appeal                               GET    dn       sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.appeal                               POST   dn       sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.tribunal_outcome                     GET    appealed sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.tribunal_outcome                     POST   appealed sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.close                                GET    appealed sign-in 404    404   403  403  403  ok   ok   404  sign-in
regulator.close                                POST   appealed sign-in 404    404   403  403  403  ok   ok   404  sign-in
# Administration
admin.index                                    GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.staff                                    GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.new_staff                                GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.new_staff                                POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.staff_member                             GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.change_role                              POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.set_active                               POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.reset_second_factor                      POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.authorities                              GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.new_authority                            GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.new_authority                            POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.authority                                GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.authority                                POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.merge_authority                          GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.merge_authority                          POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.letterhead_preview                       GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.holidays                                 GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.holidays                                 POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
admin.delete_holiday                           POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
mail.problems                                  GET    -        sign-in 404    404   403  403  403  403  ok   403  sign-in
mail.send_again                                POST   -        sign-in 404    404   403  403  403  403  ok   403  sign-in
# API: any valid token
api.me                                         GET    -        401     ok     ok    ok   ok   ok   ok   ok   ok   401
api.authorities                                GET    -        401     ok     ok    ok   ok   ok   ok   ok   ok   401
api.list_cases                                 GET    -        401     ok     ok    ok   ok   ok   ok   ok   ok   401
api.reviewers                                  GET    -        401     404    404   ok   ok   ok   ok   ok   ok   401
api.create_case                                POST   -        401     ok     ok    403  403  403  ok   ok   403  401
# API: one case
api.get_case                                   GET    open     401     ok     404   ok   ok   ok   ok   ok   404  401
api.list_documents                             GET    open     401     ok     404   ok   ok   ok   ok   ok   404  401
api.get_document                               GET    open     401     ok     404   ok   ok   ok   ok   ok   404  401
api.create_document                            POST   open     401     ok     404   403  403  403  ok   ok   404  401
api.remove_document                            POST   open     401     403    404   403  403  403  ok   ok   404  401
api.replace_document                           POST   open     401     403    404   403  403  403  ok   ok   404  401
api.list_letters                               GET    decided  401     ok     404   ok   ok   ok   ok   ok   404  401
api.letter_pdf                                 GET    decided  401     ok     404   ok   ok   ok   ok   ok   404  401
api.pack_pdf                                   GET    decided  401     ok     404   ok   ok   ok   ok   ok   404  401
api.pack_zip                                   GET    decided  401     ok     404   ok   ok   ok   ok   ok   404  401
api.get_pack_answers                           GET    decided  401     ok     404   403  403  403  ok   ok   404  401
api.save_pack_answers                          PUT    decided  401     ok     404   403  403  403  ok   ok   404  401
api.refer                                      POST   decided  401     ok     404   403  403  403  ok   ok   404  401
api.submission_pdf                             GET    referred 401     404    404   ok   ok   ok   ok   ok   404  401
api.record_decision_notice                     PUT    referred 401     404    404   403  403  403  ok   ok   404  401
api.appeal                                     POST   dn       401     ok     404   403  403  403  ok   ok   404  401
api.resend_to_authority                        POST   emailed  401     ok     404   403  403  403  ok   ok   404  401
# API: the decision
api.get_decision                               GET    open     401     404    404   ok   ok   ok   ok   ok   404  401
api.save_decision                              PUT    open     401     404    404   403  ok   403  403  403  403  401
api.preview_outcome_letter                     GET    open     401     404    404   403  ok   403  ok   ok   404  401
api.issue_decision                             POST   open     401     404    404   403  ok   403  403  403  403  401
api.correct_outcome_letter                     POST   decided  401     404    404   403  ok   403  ok   ok   404  401
# API: case actions (POST /cases/<reference>/actions, one row per action)
api.case_action:acknowledge                    POST   open     401     403    404   403  403  403  ok   ok   404  401
api.case_action:record_original_decision_maker POST   open     401     403    404   403  403  403  ok   ok   404  401
api.case_action:assign                         POST   open     401     403    404   403  403  403  ok   ok   404  401
api.case_action:extend                         POST   open     401     403    404   403  403  403  ok   ok   404  401
api.case_action:withdraw                       POST   open     401     ok     404   403  403  403  ok   ok   404  401
api.case_action:close                          POST   open     401     403    404   403  403  403  ok   ok   404  401
api.case_action:record_regulator_details       POST   referred 401     403    404   403  403  403  ok   ok   404  401
api.case_action:record_compliance              POST   dn       401     403    404   403  403  403  ok   ok   404  401
api.case_action:record_tribunal_outcome        POST   appealed 401     403    404   403  403  403  ok   ok   404  401
"""
# fmt: on


@dataclass(frozen=True)
class Rule:
    endpoint: str
    method: str
    variant: str | None  # for api.case_action: the action
    stage: str
    answers: dict[str, str]

    @property
    def key(self) -> str:
        route = self.endpoint + (f":{self.variant}" if self.variant else "")
        return f"{route} {self.method}"

    def allowed(self) -> frozenset[str]:
        return frozenset(who for who, answer in self.answers.items() if answer == OK)


def _parse(table: str) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    lines = [line for line in table.strip().splitlines() if not line.startswith("#")]
    header, rows = lines[0].split(), lines[1:]
    if tuple(header[3:]) != CALLERS:
        raise ValueError(f"the policy table's columns must be {CALLERS}")
    for line in rows:
        route, method, stage, *cells = line.split()
        endpoint, _, variant = route.partition(":")
        if len(cells) != len(CALLERS) or not set(cells) <= ANSWERS or stage not in STAGES:
            raise ValueError(f"bad access-policy row: {line!r}")
        rule = Rule(
            endpoint, method, variant or None, stage, dict(zip(CALLERS, cells, strict=True))
        )
        if rule.key in rules:
            raise ValueError(f"two access-policy rows for {rule.key}")
        rules[rule.key] = rule
    return rules


POLICY: Final = _parse(_TABLE)

# Each API action and the pages that do the same thing: together they must allow the same
# callers, because both call the same service function (which makes the decision).
SAME_RULE: Final = {
    "api.case_action:acknowledge POST": ("staff.acknowledge POST",),
    "api.case_action:record_original_decision_maker POST": ("staff.original_decision_maker POST",),
    "api.case_action:assign POST": ("staff.assign POST",),
    "api.case_action:extend POST": ("staff.extend POST",),
    "api.case_action:withdraw POST": ("staff.withdraw POST", "complaints.withdraw POST"),
    "api.case_action:close POST": ("staff.close POST", "regulator.close POST"),
    "api.case_action:record_regulator_details POST": ("regulator.details POST",),
    "api.case_action:record_compliance POST": ("regulator.compliance POST",),
    "api.case_action:record_tribunal_outcome POST": ("regulator.tribunal_outcome POST",),
    "api.save_decision PUT": ("staff.decision POST",),
    "api.issue_decision POST": ("staff.issue POST",),
    "api.preview_outcome_letter GET": ("staff.preview_letter GET",),
    "api.correct_outcome_letter POST": ("staff.correct POST",),
    "api.resend_to_authority POST": ("complaints.resend POST", "complaints.staff_resend POST"),
    "api.refer POST": ("regulator.pack POST", "regulator.details POST"),
    "api.record_decision_notice PUT": ("regulator.decision_notice POST",),
    "api.create_document POST": ("documents.add_to_case POST", "documents.staff_add_to_case POST"),
    "api.get_document GET": ("documents.download GET",),
    "api.remove_document POST": ("documents.remove POST",),
    "api.replace_document POST": ("documents.replace POST",),
    "api.letter_pdf GET": ("complaints.letter GET", "staff.letter GET"),
    "api.get_case GET": ("complaints.case GET", "staff.case GET"),
}


def rule_for(endpoint: str, method: str, variant: str | None = None) -> Rule | None:
    route = endpoint + (f":{variant}" if variant else "")
    return POLICY.get(f"{route} {method}")
