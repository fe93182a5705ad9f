"""The index of every page of the site, for the browser tests.

Each URL name maps to how to reach a real page of it with demo objects, and as whom. A URL
pattern without an entry fails `tests/test_page_index.py`, so a new page cannot be forgotten.
Entries that are not pages (POST-only actions) say so, with the reason. Arguments may name
demo objects by placeholder (`<goal:1804>`); `resolve_args` (tests/browser/placeholders.py)
turns them into keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.browser.placeholders import resolve_args

__all__ = ["DOWNLOAD", "JSON", "PAGES", "VALUE_UPLOAD", "Page", "resolve_args"]


@dataclass(frozen=True)
class Page:
    """`args` reach a demo object (every entry has them, also POST actions: the permission
    matrix, tests/test_permission_matrix.py, posts to every URL); `post` is the form data (or,
    for the API, the JSON body) it sends, when an empty body would be refused before the
    permission check."""

    args: tuple[str, ...] = ()
    as_user: str | None = None  # a demo user's local part, e.g. "koordinator.bodo"
    query: str = ""
    not_a_page: str = ""  # reason, for actions that render nothing of their own
    post: dict[str, Any] = field(default_factory=dict)


DOWNLOAD = "file download (attachment), checked in its view tests"
JSON = "JSON API endpoint, checked against the OpenAPI schema by schemathesis"

# A valid dry-run upload, so the API's permission check (not its body validation) answers.
VALUE_UPLOAD = {
    "rows": [{"indicator": "klimagassutslipp-vei", "area": "1804", "period": "2024", "value": 1}],
    "dry_run": True,
}

PAGES: dict[str, Page] = {
    "web:home": Page(),
    "web:about": Page(),
    "web:accessibility": Page(),
    "web:tasks": Page(as_user="nasjonal"),
    "web:favicon": Page(not_a_page="redirect to the SVG favicon, checked in web's view tests"),
    "web:health": Page(not_a_page="plain-text health check for operations (make bench)"),
    "web:health_database": Page(not_a_page="plain-text database health check for operations"),
    "registry:municipality_list": Page(),
    "registry:municipality_list?search": Page(query="q=fjord&fylke=46"),
    "registry:municipality_detail": Page(args=("5610",)),
    "registry:municipality_edit": Page(args=("1804",), as_user="koordinator.bodo"),
    "registry:county_list": Page(),
    "registry:county_detail": Page(args=("18",)),
    "registry:region_detail": Page(args=("nord",)),
    "accounts:login": Page(),
    "accounts:logout": Page(not_a_page="POST action, redirects to the front page"),
    "accounts:oidc_start": Page(
        args=("entra",),
        not_a_page="POST action, redirects to the identity provider (404 without OIDC_PROVIDERS)",
    ),
    "accounts:oidc_callback": Page(
        args=("entra",),
        not_a_page="the identity provider's answer; needs a provider and a started sign-in, "
        "checked in accounts/tests/test_oidc.py",
    ),
    "accounts:password_reset": Page(),
    "accounts:password_reset_done": Page(),
    "accounts:password_reset_confirm": Page(args=("MQ", "ugyldig-lenke")),
    "accounts:password_reset_complete": Page(),
    "accounts:me": Page(as_user="koordinator.bodo"),
    "accounts:calendar_renew": Page(
        not_a_page="POST action on the user's own calendar address; asks first, then shows "
        "Min side with the new address"
    ),
    "accounts:municipality_roles": Page(args=("1804",), as_user="radgiver.nord"),
    "accounts:municipality_role_revoke": Page(
        args=("1804", "<role:1804>"), not_a_page="POST action, redirects to the roles page"
    ),
    "accounts:municipality_roles?invited": Page(args=("1870",), as_user="radgiver.nord"),
    "accounts:municipality_invitation_resend": Page(
        args=("1870", "<invitation:1870>"),
        not_a_page="POST action (asks first), redirects to the roles page",
    ),
    "accounts:invitation_accept": Page(args=("utlopt-eller-ukjent-lenke",)),
    "set_language": Page(not_a_page="POST action, redirects back"),
    "api:docs": Page(),
    "networks:gathering_document": Page(
        args=("helse-og-miljo-salten", "3", "1"), not_a_page=DOWNLOAD
    ),
    "programmes:participation_decision_document": Page(
        args=("livskraftige-kommuner", "1804"), not_a_page=DOWNLOAD
    ),
    "api:api-root": Page(not_a_page=JSON),
    "api:openapi-json": Page(not_a_page=JSON),
    "api:municipality_list": Page(not_a_page=JSON),
    "api:municipality_detail": Page(args=("1804",), not_a_page=JSON),
    "api:county_list": Page(not_a_page=JSON),
    "api:code_change_list": Page(not_a_page=JSON),
    "api:code_current": Page(args=("1804",), not_a_page=JSON),
    "api:goal_list": Page(args=("1804",), not_a_page=JSON),
    "api:measure_detail": Page(args=("<measure:1804>",), not_a_page=JSON),
    "api:measure_status_update": Page(
        args=("<measure:1804>",),
        not_a_page=JSON,
        post={"status": "in_progress", "progress": 40, "note": "Matrise"},
    ),
    "api:programme_list": Page(not_a_page=JSON),
    "api:programme_detail": Page(args=("helse-og-miljokommuner",), not_a_page=JSON),
    "api:network_list": Page(not_a_page=JSON),
    "api:network_detail": Page(args=("helse-og-miljo-salten",), not_a_page=JSON),
    "api:gathering_list": Page(not_a_page=JSON),
    "api:gathering_detail": Page(args=("helse-og-miljo-salten", "3"), not_a_page=JSON),
    "api:indicator_list": Page(not_a_page=JSON),
    "api:indicator_detail": Page(args=("klimagassutslipp-vei",), not_a_page=JSON),
    "api:value_list": Page(not_a_page=JSON, post=VALUE_UPLOAD),
    "api:value_upload": Page(not_a_page=JSON, post=VALUE_UPLOAD),
    "api:value_upload_jsonstat": Page(not_a_page=JSON, post={"version": "2.0"}),
    "api:value_upload_csv": Page(not_a_page=JSON),
    "api:example_list": Page(not_a_page=JSON),
    "api:example_detail": Page(args=("<example:1804:published>",), not_a_page=JSON),
    "opendata:index": Page(),
    "api_tokens:list": Page(as_user="koordinator.bodo"),
    "notifications:notice_list": Page(as_user="radgiver.nord"),
    "notifications:preferences": Page(as_user="koordinator.bodo"),
    "notifications:notice_open": Page(
        args=("<notice:radgiver.nord>",),
        not_a_page="marks the user's own notice read and redirects to its page",
    ),
    "notifications:notice_read": Page(
        args=("<notice:radgiver.nord>",), not_a_page="POST action, redirects to the notices"
    ),
    "notifications:notice_read_all": Page(not_a_page="POST action, redirects to the notices"),
    "api_tokens:revoke": Page(
        args=("1",), not_a_page="POST action on the user's own token, redirects to the list"
    ),
    "reports:municipality_latest": Page(
        args=("5001",), not_a_page="redirects to this year's report"
    ),
    "reports:municipality": Page(args=("5001", "2026")),
    "reports:municipality_pdf": Page(
        args=("5001", "2026"), not_a_page="PDF download, checked for tags in its tests"
    ),
    "reports:municipality_xlsx": Page(
        args=("5001", "2026"), not_a_page="XLSX download, checked in its tests"
    ),
    "reports:network": Page(args=("helse-og-miljo-salten",), as_user="radgiver.nord"),
    "reports:network?coordinator": Page(
        args=("helse-og-miljo-salten",), as_user="koordinator.bodo"
    ),
    "reports:network_pdf": Page(
        args=("helse-og-miljo-salten",), not_a_page="PDF download, checked for tags in its tests"
    ),
    "reports:network_xlsx": Page(
        args=("helse-og-miljo-salten",), not_a_page="XLSX download, checked in its tests"
    ),
    "reports:national": Page(args=("livskraftige-kommuner",), as_user="nasjonal"),
    "reports:national?state": Page(args=("helse-og-miljokommuner",), as_user="stat"),
    "reports:national_job_create": Page(
        args=("livskraftige-kommuner",), not_a_page="POST action, redirects to the job page"
    ),
    "reports:job": Page(args=("<report_job>",), as_user="nasjonal"),
    "reports:job_download": Page(args=("<report_job>",), not_a_page=DOWNLOAD),
    "reports:job_cancel": Page(
        args=("<report_job>",), not_a_page="POST action, redirects to the job page"
    ),
    "plans:strategy_overview": Page(args=("1804",)),
    "plans:strategy_overview?private": Page(args=("1804",), as_user="koordinator.bodo"),
    "plans:plan_list": Page(args=("5001",)),
    "plans:plan_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "plans:plan_edit": Page(args=("1804", "<plan:1804>"), as_user="koordinator.bodo"),
    "plans:goal_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "plans:goal_edit": Page(args=("1804", "<goal:1804>"), as_user="koordinator.bodo"),
    "plans:goal_detail": Page(args=("<goal:1804>",)),
    "plans:measure_create": Page(args=("<goal:1804>",), as_user="koordinator.bodo"),
    "plans:measure_edit": Page(
        args=("<measure_goal:1804>", "<measure:1804>"), as_user="koordinator.bodo"
    ),
    "plans:measure_detail": Page(args=("<measure:1804>",), as_user="koordinator.bodo"),
    "plans:measure_status": Page(
        args=("<measure:1804>",), not_a_page="POST action (HTMX fragment or redirect)"
    ),
    "plans:network_strategy": Page(args=("helse-og-miljo-salten",)),
    "plans:network_strategy?private": Page(
        args=("helse-og-miljo-salten",), as_user="radgiver.nord"
    ),
    "plans:report_list": Page(args=("1804",), as_user="koordinator.bodo"),
    "plans:report_detail": Page(args=("<report:1804:draft>",), as_user="koordinator.bodo"),
    "plans:report_detail?locked": Page(args=("<report:1804:submitted>",), as_user="radgiver.nord"),
    "plans:report_new_version": Page(
        args=("<report:1804:submitted>",),
        not_a_page="POST action, redirects to the new version",
    ),
    "plans:report_comment": Page(
        args=("<report:1804:submitted>",), not_a_page="POST action, redirects to the report"
    ),
    "plans:report_send_back": Page(
        args=("<report:1804:submitted>",),
        not_a_page="POST action (asks first), redirects to the report",
        post={"reason": "Matrise"},
    ),
    "plans:round_list": Page(as_user="nasjonal"),
    "plans:round_detail": Page(args=("<round>",), as_user="radgiver.nord"),
    "plans:round_detail?national": Page(args=("<round>",), as_user="nasjonal"),
    "plans:round_remind": Page(
        args=("<round>", "<round_network>"),
        not_a_page="POST action, redirects to the round",
    ),
    # Programmes and networks (demo: networks.demo, core networks only).
    "programmes:programme_list": Page(),
    "programmes:programme_detail": Page(args=("livskraftige-kommuner",)),
    "programmes:participation_apply": Page(
        args=("helse-og-miljokommuner",), as_user="koordinator.voss"
    ),
    "programmes:participation_detail": Page(
        args=("livskraftige-kommuner", "1804"), as_user="radgiver.nord"
    ),
    "programmes:participation_edit": Page(
        args=("helse-og-miljokommuner", "1804"), as_user="koordinator.bodo"
    ),
    "programmes:participation_approve": Page(
        args=("livskraftige-kommuner", "1804"), not_a_page="POST action, redirects back"
    ),
    "programmes:participation_status": Page(
        args=("livskraftige-kommuner", "1804"), not_a_page="POST action, redirects back"
    ),
    "programmes:participation_refuse": Page(
        args=("helse-og-miljokommuner", "<pending_application>"),
        not_a_page="POST action (asks first), redirects back",
        post={"reason": "Matrise"},
    ),
    "programmes:participation_detail?vedtak-kommer": Page(
        args=("helse-og-miljokommuner", "<pending_application>"), as_user="radgiver.nord"
    ),
    "programmes:theme_list": Page(as_user="nasjonal"),
    "programmes:theme_edit": Page(args=("climate_energy",), as_user="nasjonal"),
    "networks:network_list": Page(as_user="radgiver.nord"),
    "networks:network_list?programme": Page(
        as_user="radgiver.nord", query="program=helse-og-miljokommuner"
    ),
    "networks:network_create": Page(as_user="radgiver.nord"),
    "networks:onboarding_upload": Page(as_user="nasjonal"),
    "networks:onboarding_job": Page(args=("<onboarding_job>",), as_user="radgiver.nord"),
    "networks:onboarding_job_import": Page(
        args=("<onboarding_job>",), not_a_page="POST action, redirects to the new job's page"
    ),
    "networks:onboarding_template": Page(args=("deltakelser", "xlsx"), not_a_page=DOWNLOAD),
    "networks:onboarding_export": Page(args=("nettverk", "csv"), not_a_page=DOWNLOAD),
    "networks:my_overview": Page(as_user="radgiver.nord"),
    "networks:my_overview?participant": Page(as_user="deltaker.bodo"),
    "networks:programme_dashboard": Page(
        args=("livskraftige-kommuner",), as_user="nasjonal", query="dato=2008-01-01"
    ),
    "networks:user_calendar": Page(
        args=("ugyldig",), not_a_page="iCalendar feed (text/calendar), not HTML"
    ),
    "networks:network_calendar": Page(
        args=("salten-livskraft",), not_a_page="iCalendar feed (text/calendar), not HTML"
    ),
    "networks:municipality_networks": Page(args=("1804",)),
    "networks:network_detail": Page(args=("helse-og-miljo-salten",), as_user="radgiver.nord"),
    "networks:network_detail?past": Page(args=("salten-livskraft",), as_user="deltaker.bodo"),
    "networks:network_edit": Page(args=("salten-livskraft",), as_user="radgiver.nord"),
    "networks:network_member_add": Page(
        args=("salten-livskraft",), not_a_page="POST action, redirects to the network"
    ),
    "networks:network_member_remove": Page(
        args=("helse-og-miljo-salten", "<membership:helse-og-miljo-salten>"),
        not_a_page="POST action, redirects to the network",
    ),
    "networks:network_member_restore": Page(
        args=("helse-og-miljo-salten", "<membership:helse-og-miljo-salten>"),
        not_a_page="POST action (undo a removal), redirects to the network",
    ),
    "networks:gathering_create": Page(args=("helse-og-miljo-salten",), as_user="radgiver.nord"),
    "networks:gathering_detail": Page(args=("helse-og-miljo-salten", "3"), as_user="deltaker.bodo"),
    "networks:gathering_detail?adviser": Page(
        args=("salten-livskraft", "1"), as_user="radgiver.nord"
    ),
    "networks:gathering_edit": Page(args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"),
    "networks:gathering_agenda": Page(args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"),
    "networks:gathering_invitations": Page(
        args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"
    ),
    "networks:gathering_close_out": Page(
        args=("helse-og-miljo-salten", "<closed:helse-og-miljo-salten>"), as_user="radgiver.nord"
    ),
    "networks:gathering_close_out?coming": Page(
        args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"
    ),
    "networks:gathering_minutes": Page(
        args=("helse-og-miljo-salten", "<closed:helse-og-miljo-salten>")
    ),
    "networks:gathering_detail?closed": Page(
        args=("helse-og-miljo-salten", "<closed:helse-og-miljo-salten>"), as_user="radgiver.nord"
    ),
    "networks:gathering_check_in": Page(
        args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"
    ),
    "networks:gathering_outcomes": Page(
        args=("helse-og-miljo-salten", "<closed:helse-og-miljo-salten>"),
        not_a_page="POST action, redirects to the close-out page",
    ),
    "networks:walk_in_add": Page(
        args=("helse-og-miljo-salten", "<closed:helse-og-miljo-salten>"),
        not_a_page="POST action, redirects to the attendance page",
    ),
    "networks:gathering_invite": Page(
        args=("helse-og-miljo-salten", "3"), not_a_page="POST action, redirects to the edit page"
    ),
    "networks:agenda_item_add": Page(
        args=("helse-og-miljo-salten", "3"), not_a_page="POST action, redirects to the edit page"
    ),
    "networks:agenda_item_move": Page(
        args=("helse-og-miljo-salten", "3", "<agenda_item:helse-og-miljo-salten:3>"),
        not_a_page="POST action, redirects to the edit page",
    ),
    "networks:document_add": Page(
        args=("helse-og-miljo-salten", "3"), not_a_page="POST action, redirects to the edit page"
    ),
    "networks:gathering_register": Page(
        args=("helse-og-miljo-salten", "3"), as_user="deltaker.bodo"
    ),
    "networks:gathering_register?coordinator": Page(
        args=("helse-og-miljo-salten", "3"), as_user="koordinator.bodo"
    ),
    "networks:registration_edit": Page(
        args=(
            "helse-og-miljo-salten",
            "3",
            "<registration:helse-og-miljo-salten:3:1804>",
        ),
        as_user="koordinator.bodo",
    ),
    "networks:registration_cancel": Page(
        args=(
            "helse-og-miljo-salten",
            "3",
            "<registration:helse-og-miljo-salten:3:1804>",
        ),
        as_user="koordinator.bodo",
    ),
    "networks:gathering_unregister": Page(
        args=("helse-og-miljo-salten", "3"),
        not_a_page="POST action, redirects to the gathering",
    ),
    "networks:gathering_attendance": Page(args=("salten-livskraft", "1"), as_user="radgiver.nord"),
    "networks:gathering_attendance?coming": Page(
        args=("helse-og-miljo-salten", "3"), as_user="radgiver.nord"
    ),
    "networks:gathering_evaluate": Page(
        args=("helse-og-miljo-salten", "1"), as_user="deltaker.bodo"
    ),
    "networks:project_create": Page(args=("salten-livskraft",), as_user="radgiver.nord"),
    "networks:project_detail": Page(
        args=("salten-livskraft", "felles-klima-og-energiplan"), as_user="radgiver.nord"
    ),
    "networks:project_detail?measures": Page(
        args=("helse-og-miljo-salten", "felles-klima-og-energiplan"), as_user="koordinator.bodo"
    ),
    "networks:project_edit": Page(
        args=("salten-livskraft", "bodo-gronn-skolevei"), as_user="radgiver.nord"
    ),
    "networks:milestone_add": Page(
        args=("salten-livskraft", "felles-klima-og-energiplan"),
        not_a_page="POST action, redirects to the project",
    ),
    "networks:milestone_done": Page(
        args=(
            "salten-livskraft",
            "felles-klima-og-energiplan",
            "<milestone:salten-livskraft:felles-klima-og-energiplan>",
        ),
        not_a_page="POST action, redirects to the project",
    ),
    # Dialogue forum with the state (networks.demo.demo_dialogue_forum_load).
    "networks:gathering_detail?forum": Page(
        args=("helse-og-miljo-salten", "<forum:helse-og-miljo-salten>"), as_user="radgiver.nord"
    ),
    "networks:gathering_edit?forum": Page(
        args=("helse-og-miljo-salten", "<forum:helse-og-miljo-salten>"), as_user="radgiver.nord"
    ),
    "networks:gathering_dialogue": Page(
        args=("helse-og-miljo-salten", "<forum:helse-og-miljo-salten>"),
        not_a_page="POST action, redirects to the edit page",
    ),
    "networks:follow_up_add": Page(
        args=("helse-og-miljo-salten", "<forum:helse-og-miljo-salten>"),
        not_a_page="POST action, redirects to the edit page",
    ),
    "networks:follow_up_status": Page(
        args=(
            "helse-og-miljo-salten",
            "<forum:helse-og-miljo-salten>",
            "<follow_up:helse-og-miljo-salten>",
        ),
        not_a_page="POST action, redirects to the gathering",
    ),
    "indicators:catalogue": Page(),
    "indicators:national": Page(),
    "indicators:national?theme": Page(query="tema=land_use"),
    "indicators:upload": Page(as_user="nasjonal"),
    "indicators:import_job": Page(args=("<import_job>",), as_user="nasjonal"),
    "indicators:import_job_cancel": Page(
        args=("<import_job>",), not_a_page="POST action, redirects to the job page"
    ),
    "indicators:import_job_confirm": Page(
        args=("<import_job>",), not_a_page="POST action, redirects to the job page"
    ),
    "indicators:import_job_undo": Page(
        args=("<import_job>",), not_a_page="POST action (asks first), redirects to the job page"
    ),
    "indicators:import_template": Page(args=("klimagassutslipp-vei", "csv"), not_a_page=DOWNLOAD),
    "indicators:recipe_list": Page(as_user="nasjonal"),
    "indicators:recipe_create": Page(as_user="nasjonal"),
    "indicators:recipe_edit": Page(args=("<import_recipe>",), as_user="nasjonal"),
    "indicators:municipality": Page(args=("1804",)),
    "indicators:municipality_indicator": Page(args=("1804", "fysisk-aktivitet")),
    # A total: compared per inhabitant, ranked in the KOSTRA group, with progress by growth rate.
    "indicators:municipality_indicator?total": Page(args=("1804", "klimagassutslipp-vei")),
    "indicators:goal_targets": Page(args=("<target_goal:1804>",)),
    "indicators:goal_targets?coordinator": Page(
        args=("<target_goal:1804>",), as_user="koordinator.bodo"
    ),
    "indicators:goal_target_edit": Page(
        args=("<target_goal:1804>", "<goal_target:1804>"), as_user="koordinator.bodo"
    ),
    "indicators:goal_target_delete": Page(
        args=("<target_goal:1804>", "<goal_target:1804>"),
        not_a_page="POST action, redirects to the goal's indicator page",
    ),
    "community:portal": Page(args=("1804",)),
    "community:portal?coordinator": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:proposal_list": Page(args=("1804",)),
    "community:moderation": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:consultation_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:arena_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:partnership_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:partner_create": Page(args=("1804",), as_user="koordinator.bodo"),
    "community:proposal_create": Page(args=("mal", "<goal:1804>")),
    "community:proposal_create?consultation": Page(args=("horing", "<consultation:1804:open>")),
    "community:proposal_approve": Page(
        args=("<proposal:1804:pending>",), not_a_page="POST action, redirects to the queue"
    ),
    "community:proposal_reject": Page(
        args=("<proposal:1804:pending>",), not_a_page="POST action, redirects to the queue"
    ),
    "community:proposal_answer": Page(
        args=("<proposal:1804:approved>",), not_a_page="POST action, redirects to the queue"
    ),
    "community:consultation_detail": Page(args=("<consultation:1804:open>",)),
    "community:consultation_detail?closed": Page(args=("<consultation:1804:closed>",)),
    "community:consultation_edit": Page(
        args=("<consultation:1804:open>",), as_user="koordinator.bodo"
    ),
    "community:arena_detail": Page(args=("<arena:1804>",)),
    "community:arena_edit": Page(args=("<arena:1804>",), as_user="koordinator.bodo"),
    "community:activity_create": Page(args=("<arena:1804>",), as_user="koordinator.bodo"),
    "community:activity_detail": Page(args=("<activity:1804:full>",)),
    "community:activity_detail?open": Page(args=("<activity:1804:open>",)),
    "community:activity_detail?past": Page(args=("<activity:1804:past>",)),
    "community:activity_edit": Page(args=("<activity:1804:full>",), as_user="koordinator.bodo"),
    "community:activity_sign_ups": Page(args=("<activity:1804:full>",), as_user="koordinator.bodo"),
    "community:sign_up_cancel": Page(args=("<sign_up_token:1804>",)),
    "community:partner_list": Page(),
    "community:partner_list?level": Page(query="niva=regional"),
    "community:partner_detail": Page(args=("<partner:Idébanken>",)),
    "community:partner_detail?editable": Page(
        args=("<partner:Statsforvalteren i Nordland>",), as_user="radgiver.nord"
    ),
    "community:partner_directory_create": Page(as_user="nasjonal"),
    "community:partner_directory_create?adviser": Page(as_user="radgiver.nord"),
    "community:partner_edit": Page(
        args=("<partner:Statsforvalteren i Nordland>",), as_user="radgiver.nord"
    ),
    "community:partner_edit?local": Page(
        args=("<partner:Bodø turlag (demo)>",), as_user="koordinator.bodo"
    ),
    "community:partnership_edit": Page(args=("<partnership:1804>",), as_user="koordinator.bodo"),
    "community:citizen_login": Page(),
    "community:citizen_login_sent": Page(),
    "community:citizen_login_confirm": Page(args=("ugyldig-lenke",)),
    "community:citizen_logout": Page(not_a_page="POST action, redirects to the front page"),
    "community:citizen_data": Page(),
    "community:citizen_export": Page(not_a_page="JSON download of a signed-in citizen's data"),
    "community:citizen_delete": Page(),
    "community:privacy": Page(),
    # Idea bank: Bodø always has a published, an in-review and a draft demo example.
    # Discussions (discussions/demo.py): Bjørn Berg of Bodø asked about the public-health
    # overview (an answer helped, summary published); Frida Fjell of Fauske asks the rest.
    "discussions:search": Page(as_user="deltaker.bodo", query="q=folkehelseoversikten"),
    "discussions:network_threads": Page(args=("helse-og-miljo-salten",), as_user="deltaker.bodo"),
    "discussions:network_threads?search": Page(
        args=("helse-og-miljo-salten",), as_user="radgiver.nord", query="q=turstier"
    ),
    "discussions:thread_create": Page(args=("helse-og-miljo-salten",), as_user="deltaker.bodo"),
    "discussions:thread_detail": Page(
        args=("<thread:folkehelseoversikten>",), as_user="deltaker.bodo"
    ),
    "discussions:thread_detail?adviser": Page(
        args=("<thread:folkehelseoversikten>",), as_user="radgiver.nord"
    ),
    "discussions:thread_detail?asker": Page(
        args=("<thread:folkehelseoversikten>",), as_user="folkehelse.bodo", query="svar=1"
    ),
    "discussions:post_create": Page(
        args=("<thread:folkehelseoversikten>",),
        not_a_page="POST action; a refused answer is shown on the thread's page with its text",
    ),
    "discussions:thread_moderate": Page(
        args=("<thread:folkehelseoversikten>",),
        not_a_page="POST action (pin, close after asking, reopen), redirects to the thread",
    ),
    "discussions:thread_move": Page(
        args=("<thread:folkehelseoversikten>",), as_user="radgiver.nord"
    ),
    "discussions:thread_summary": Page(
        args=("<thread:folkehelseoversikten>",), as_user="radgiver.nord"
    ),
    "discussions:summary_public": Page(args=("<thread:folkehelseoversikten>",)),
    "discussions:thread_convert": Page(
        args=("<thread:folkehelseoversikten>",), as_user="koordinator.bodo"
    ),
    "discussions:post_helpful": Page(
        args=("<thread_post:folkehelseoversikten>",),
        not_a_page="POST action of the asker, redirects to the answer",
    ),
    "discussions:post_hide": Page(
        args=("<thread_post:folkehelseoversikten>",), as_user="radgiver.nord"
    ),
    "discussions:attachment_download": Page(args=("<thread_attachment>",), not_a_page=DOWNLOAD),
    "discussions:comment_create": Page(args=("mal", "<goal:1804>"), as_user="deltaker.bodo"),
    "ideabank:example_list": Page(),
    "ideabank:example_list?search": Page(query="q=klimaplanen&tema=climate_energy"),
    "ideabank:example_list?empty": Page(query="q=&fylke=18"),
    "ideabank:example_create": Page(as_user="koordinator.bodo"),
    "ideabank:example_worklist": Page(as_user="radgiver.nord"),
    "ideabank:example_detail": Page(args=("<example:1804:published>",)),
    "ideabank:example_detail?review": Page(
        args=("<example:1804:in_review>",), as_user="radgiver.nord"
    ),
    "ideabank:example_edit": Page(args=("<example:1804:draft>",), as_user="koordinator.bodo"),
    "ideabank:example_transition": Page(
        args=("<example:1804:in_review>",),
        not_a_page="POST action, redirects to the example",
        post={"action": "publish"},
    ),
    "ideabank:attachment_add": Page(
        args=("<example:1804:draft>",), not_a_page="POST action, redirects to the edit page"
    ),
    "ideabank:attachment_delete": Page(
        args=("<attachment:1804:draft>",), not_a_page="POST action, redirects to the edit page"
    ),
    "ideabank:attachment_download": Page(
        args=("<attachment:1804:draft>",), not_a_page="file download, not HTML"
    ),
    "ideabank:municipality_lookup": Page(not_a_page="redirects to the municipality's page"),
    "ideabank:municipality_examples": Page(args=("1804",)),
    "ideabank:subscription_create": Page(),
    "ideabank:subscription_confirm": Page(args=("<subscription>",)),
    "ideabank:subscription_cancel": Page(args=("<subscription>",)),
    "ideabank:feed_region": Page(args=("nord",), not_a_page="Atom feed (XML), not HTML"),
    "ideabank:feed_region_theme": Page(
        args=("nord", "climate_energy"), not_a_page="Atom feed (XML), not HTML"
    ),
    # Ideas that spread (ideabank/demo_adoptions.py): Bodø's ENØK measure is taken from a
    # neighbour's example, and the same example from far away by Trondheim.
    "ideabank:example_adopt": Page(args=("<origin:1804>",), as_user="koordinator.bodo"),
    "ideabank:example_spread": Page(args=("<adopted_example>",)),
    "ideabank:example_similar": Page(
        as_user="koordinator.bodo",
        query="title=ENØK+i+kommunale+bygg&summary=energi+i+skolene",
        not_a_page="htmx fragment of the example form (its no-JS twin is the preview)",
    ),
    "ideabank:adoption_add": Page(
        args=("<measure:1804>",), not_a_page="POST action, redirects to the measure"
    ),
    "ideabank:adoption_delete": Page(args=("<adoption:1804>",), as_user="koordinator.bodo"),
    "ideabank:spread_overview": Page(),
    "ideabank:spread_overview?county": Page(query="fylke=18"),
    "ideabank:spread_network": Page(args=("helse-og-miljo-salten",)),
    "plans:measure_detail?adopted": Page(args=("<adopted_measure:1804>",)),
    "plans:measure_detail?adopted-coordinator": Page(
        args=("<adopted_measure:1804>",), as_user="koordinator.bodo"
    ),
    # Policy input to the state (policy.demo.demo_policy_input_load).
    "policy_input:register": Page(),
    "policy_input:register?filter": Page(query="status=closed&tema=land_use"),
    "policy_input:mine": Page(as_user="koordinator.bodo"),
    "policy_input:mine?none": Page(as_user="deltaker.bodo"),
    "policy_input:queue": Page(as_user="nasjonal"),
    "policy_input:answer_queue": Page(as_user="stat"),
    "policy_input:create_municipal": Page(args=("1804",), as_user="koordinator.bodo"),
    "policy_input:create_network": Page(args=("helse-og-miljo-salten",), as_user="radgiver.nord"),
    "policy_input:create_programme": Page(args=("livskraftige-kommuner",), as_user="nasjonal"),
    "policy_input:detail": Page(args=("<policy_input:closed>",)),
    "policy_input:detail?draft": Page(args=("<policy_input:draft>",), as_user="koordinator.bodo"),
    "policy_input:detail?submitted": Page(args=("<policy_input:submitted>",), as_user="nasjonal"),
    "policy_input:detail?answered": Page(args=("<policy_input:answered>",), as_user="nasjonal"),
    "policy_input:edit": Page(args=("<policy_input:draft>",), as_user="koordinator.bodo"),
    "policy_input:answer": Page(args=("<policy_input:reviewing>",), as_user="stat"),
    "policy_input:submit": Page(
        args=("<policy_input:draft>",), not_a_page="POST action, redirects to the input"
    ),
    "policy_input:forward": Page(
        args=("<policy_input:submitted>",), not_a_page="POST action, redirects to the input"
    ),
    "policy_input:send_back": Page(
        args=("<policy_input:submitted>",), not_a_page="POST action, redirects to the input"
    ),
    "policy_input:review": Page(
        args=("<policy_input:reviewing>",), not_a_page="POST action, redirects to the input"
    ),
    "policy_input:detail?reviewing": Page(args=("<policy_input:reviewing>",), as_user="stat"),
    "policy_input:close": Page(
        args=("<policy_input:answered>",), not_a_page="POST action, redirects to the input"
    ),
}
